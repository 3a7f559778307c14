/**
 * CSV files for people: UTF-8 with a byte-order mark (so Excel on a Chinese Windows reads the Chinese
 * headers), CRLF line ends, every field quoted where needed, and a formula-looking cell (=, +, -, @)
 * prefixed with an apostrophe so a spreadsheet never runs it.
 */

/** One field as CSV text. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole file: the header row, then the rows (each the same length as the headers). */
export function toCsv(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${[headers, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** Saves `text` as a download named `fileName` (a `.csv` file in the browser's download folder). */
export function downloadCsv(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
