import { describe, expect, it } from 'vitest';
import { createLineParser, type ParsedLine } from './parse-line.js';

const at = (iso: string) => Date.parse(iso) / 1000;
const parser = (userField: string | null = null, segments: { field: string; value: string }[] = []) => createLineParser({ zone: 'Africa/Nairobi', userField, segments });
function request(parsed: ParsedLine) {
  if (!parsed.ok) throw new Error(`unexpectedly unreadable: ${parsed.reason}`);
  return parsed.request;
}

describe('createLineParser()', () => {
  it('reads an nginx JSON line (escape=json: every value a string) with user, segment and $request_time', () => {
    const p = parser(null, [{ field: 'customer_type', value: 'new' }]);
    const line = '{"time_iso8601":"2023-05-13T19:04:11+03:00","remote_addr":"41.90.3.7","remote_user":"","request":"POST /login HTTP/1.1","status":"500","request_time":"1.052","user_id":"u-n100007","customer_type":"new"}';
    const parsed = p.parse(line);
    expect(parsed.ok && parsed.format).toBe('json');
    expect(request(parsed)).toEqual({ time: at('2023-05-13T16:04:11Z'), status: 500, latencySeconds: 1.052, user: 'u-n100007', inSegment: [true] });
    expect(p.userSources()).toEqual(['user_id']);
    expect(p.latencySources()).toEqual(['request_time (s)']);
  });

  it('reads application JSON: zone-less local time in --tz, duration_ms, camelCase user, numbers as numbers', () => {
    const p = parser();
    const r = request(p.parse('{"timestamp":"2023-05-13 19:00:00,500","status":200,"duration_ms":1250,"userId":42}'));
    expect(r).toEqual({ time: at('2023-05-13T16:00:00.5Z'), status: 200, latencySeconds: 1.25, user: '42', inSegment: [] });
  });

  it('reads latency units from the field name or the value, never guessing from the size', () => {
    const p = parser();
    const latency = (fields: string) => request(p.parse(`{"time":1683993600,"status":200,${fields}}`)).latencySeconds;
    expect(latency('"latency":"250ms"')).toBeCloseTo(0.25, 9);
    expect(latency('"latency":"1.5s"')).toBeCloseTo(1.5, 9);
    expect(latency('"duration":"830µs"')).toBeCloseTo(0.00083, 9);
    expect(latency('"duration":120')).toBeCloseTo(0.12, 9);
    expect(latency('"responseTime":35')).toBeCloseTo(0.035, 9);
    expect(latency('"duration_us":1500000')).toBeCloseTo(1.5, 9);
    expect(latency('"event":{"duration":2000000000}')).toBeCloseTo(2, 9);
    expect(latency('"upstream_response_time":"0.010, 0.020"')).toBeNaN();
    expect(latency('"bytes":10')).toBeNaN();
  });

  it('reads ECS-style nested fields and a chosen --user-field', () => {
    const p = parser('user.email');
    const r = request(p.parse('{"@timestamp":"2023-05-13T16:00:00Z","http":{"response":{"status_code":503}},"user":{"email":"a@kimby.com","id":"7"}}'));
    expect(r.status).toBe(503);
    expect(r.user).toBe('a@kimby.com');
  });

  it('treats "-", empty and missing user fields as no user (bots, anonymous pages)', () => {
    const p = parser();
    expect(request(p.parse('{"time":1683993600,"status":200,"user_id":"-"}')).user).toBeNull();
    expect(request(p.parse('{"time":1683993600,"status":200,"user_id":""}')).user).toBeNull();
    expect(request(p.parse('{"time":1683993600,"status":200}')).user).toBeNull();
  });

  it('reads the combined format with remote_user, a trailing rt= and key=value segments', () => {
    const p = parser(null, [{ field: 'plan', value: 'pro' }]);
    const parsed = p.parse('41.90.3.7 - staff042 [15/Oct/2023:08:04:11 +0200] "GET /reports/sales?period=week HTTP/1.1" 200 5120 "https://shop.kimby.com/" "Mozilla/5.0 (X11; Linux x86_64)" rt=3.204 plan=pro');
    expect(parsed.ok && parsed.format).toBe('combined');
    expect(request(parsed)).toEqual({ time: at('2023-10-15T06:04:11Z'), status: 200, latencySeconds: 3.204, user: 'staff042', inSegment: [true] });
  });

  it('reads the common format, a bare $request_time, Apache %D microseconds, and remote_addr as the user', () => {
    const common = parser().parse('10.1.0.2 - - [15/Oct/2023:08:00:00 +0200] "GET /healthz HTTP/1.1" 200 2');
    expect(common.ok && common.format).toBe('common');
    expect(request(common).user).toBeNull();
    expect(request(common).latencySeconds).toBeNaN();
    const line = '10.1.0.2 - - [15/Oct/2023:08:00:00 +0200] "GET / HTTP/1.1" 502 0 "-" "curl/8.0" ';
    expect(request(parser().parse(`${line}0.731`)).latencySeconds).toBeCloseTo(0.731, 9);
    expect(request(parser().parse(`${line}731000`)).latencySeconds).toBeCloseTo(0.731, 9);
    expect(request(parser('remote_addr').parse(`${line}0.731`)).user).toBe('10.1.0.2');
  });

  it('says why a line is unreadable', () => {
    const p = parser();
    const reason = (line: string) => {
      const parsed = p.parse(line);
      return parsed.ok ? 'readable' : parsed.reason;
    };
    expect(reason('{"time_iso8601":"2023-05-13T19:04:11+03:00","status":"50')).toMatch(/broken JSON/);
    expect(reason('{"status":500}')).toMatch(/no readable time/);
    expect(reason('{"time":1683993600,"status":"oops"}')).toMatch(/no HTTP status/);
    expect(reason('{"time":1683993600,"status":700}')).toMatch(/no HTTP status/);
    expect(reason('[1,2]')).toMatch(/neither JSON nor/);
    expect(reason('41.90.3.7 - - [15/Oct/2023:08:04 +0200] "GET / HTTP/1.1" 200 1')).toMatch(/unreadable time/);
    expect(reason('Oct 15 08:00:01 web1 nginx[812]: worker process exited')).toMatch(/neither JSON nor the common\/combined/);
  });
});
