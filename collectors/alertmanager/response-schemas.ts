import { z } from 'zod';

const labels = z.record(z.string(), z.string());

/** `GET /api/v2/alerts` (Alertmanager's OpenAPI `gettableAlerts`), the fields the timeline uses. */
export const alertsSchema = z.array(
  z.object({
    fingerprint: z.string(),
    labels,
    annotations: labels.optional(),
    startsAt: z.string(),
    endsAt: z.string().optional(),
    generatorURL: z.string().optional(),
    status: z.object({
      state: z.enum(['active', 'suppressed', 'unprocessed']),
      silencedBy: z.array(z.string()).nullable().optional(),
      inhibitedBy: z.array(z.string()).nullable().optional(),
    }),
  }),
);

/** `GET /api/v2/silences` (`gettableSilences`). `isEqual` came in Alertmanager 0.22; before, every matcher was equal. */
export const silencesSchema = z.array(
  z.object({
    id: z.string(),
    matchers: z.array(z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean().optional() })),
    createdBy: z.string(),
    comment: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    status: z.object({ state: z.enum(['active', 'pending', 'expired']) }),
  }),
);
