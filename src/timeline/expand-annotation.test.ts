import { describe, expect, it } from 'vitest';
import { expandAnnotation } from './expand-annotation.js';

const labels = { alertname: 'HighErrorRate', job: 'auth-service', instance: 'auth1:8080' };

describe('expandAnnotation()', () => {
  it('fills label references in the forms rule files use', () => {
    expect(expandAnnotation('High error rate on {{ $labels.job }}', labels)).toBe('High error rate on auth-service');
    expect(expandAnnotation('{{$labels.instance}} down', labels)).toBe('auth1:8080 down');
    expect(expandAnnotation('{{ .Labels.job }} / {{ index $labels "instance" }}', labels)).toBe('auth-service / auth1:8080');
    expect(expandAnnotation('{{ $labels.job | toUpper }}', labels)).toBe('auth-service');
  });
  it('marks value expressions it cannot know and leaves missing labels empty', () => {
    expect(expandAnnotation('Errors at {{ $value | humanizePercentage }} on {{ $labels.pod }}', labels)).toBe('Errors at … on');
    expect(expandAnnotation('{{ printf "%.2f" $value }} s', labels)).toBe('… s');
  });
  it('leaves plain text alone and folds line breaks', () => {
    expect(expandAnnotation('Logins failing.\n  See runbook.', labels)).toBe('Logins failing. See runbook.');
  });
});
