import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv.ts';

describe('csv', () => {
  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField(-3.5)).toBe('-3.5');
    expect(csvField(null)).toBe('');
  });
  it('starts with a BOM and the Chinese headers, CRLF line ends', () => {
    const text = toCsv(['序号', '说明'], [[1, '第一行\n第二行']]);
    expect(text.startsWith('\uFEFF序号,说明\r\n1,"第一行\n第二行"')).toBe(true);
  });
});
