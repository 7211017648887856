import { z } from 'zod';

/**
 * A `GET /loki/api/v1/query_range` answer for a log query (Loki's documented format):
 * `{status: "success", data: {resultType: "streams", result: [{stream: {labels}, values: [["<ns>", "<line>"], …]}], stats}}`.
 * A metric query (`rate(…)`) answers `matrix`, which is refused with a clear reason.
 */
export const queryRangeSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.string(),
    result: z.array(z.unknown()),
  }),
});

export const streamSchema = z.object({
  stream: z.record(z.string(), z.string()),
  values: z.array(z.tuple([z.string().regex(/^\d+$/), z.string()])),
});
