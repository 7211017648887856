export { MASK, REDACTED_KINDS, redactText } from './redact-text.js';
export { redactReconstruction } from './redact-reconstruction.js';
