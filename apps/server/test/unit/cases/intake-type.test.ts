import { describe, expect, it } from 'vitest';
import { intakeType } from '../../../src/modules/cases/intake-type.js';

describe('intake type when the reporter gives none', () => {
  it('keeps what the reporter said', () => {
    expect(intakeType('praise', { type: 'complaint', typeConfidence: 0.99 }, 'complaint', 0.6)).toBe('praise');
  });
  it('takes a confident guess, else the category’s usual type, else a weak guess, else complaint', () => {
    expect(intakeType(undefined, { type: 'help', typeConfidence: 0.8 }, 'complaint', 0.6)).toBe('help');
    expect(intakeType(undefined, { type: 'help', typeConfidence: 0.21 }, 'complaint', 0.6)).toBe('complaint');
    expect(intakeType(undefined, { type: 'help', typeConfidence: 0.21 }, null, 0.6)).toBe('help');
    expect(intakeType(undefined, { type: 'help', typeConfidence: 0 }, null, 0.6)).toBe('complaint');
  });
});
