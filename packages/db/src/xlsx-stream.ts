/**
 * A streaming XLSX writer of one worksheet: the minimal SpreadsheetML parts written by hand and
 * zipped by yazl as the rows come, so a large export never holds its sheet in memory. Strings are
 * inline (`t="inlineStr"`), numbers plain; the header row is bold and may be frozen; column widths
 * are optional. Text is XML-escaped and stripped of the characters XML 1.0 does not allow.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';

export type XlsxCell = string | number | null | undefined;

export interface XlsxSheetOptions {
  /** The worksheet's name: 1–31 characters, none of []:*?/\, not starting or ending with '. */
  sheetName: string;
  /** The first row, in bold. */
  headers: string[];
  /** Column widths in characters (Excel's unit), by column; a missing one keeps the default. */
  widths?: (number | undefined)[];
  /** Keep the header row in view while scrolling (default true). */
  freezeHeader?: boolean;
}

const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

const CONTENT_TYPES =
  `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>` +
  `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${CT}.worksheet+xml"/>` +
  `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>` +
  '</Types>';
const ROOT_RELS =
  `${XML_DECL}<Relationships xmlns="${NS_PKG_REL}">` +
  `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
  '</Relationships>';
const WORKBOOK_RELS =
  `${XML_DECL}<Relationships xmlns="${NS_PKG_REL}">` +
  `<Relationship Id="rId1" Type="${NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="${NS_REL}/styles" Target="styles.xml"/>` +
  '</Relationships>';
// style 0: the default; style 1: bold (the header row)
const STYLES =
  `${XML_DECL}<styleSheet xmlns="${NS_MAIN}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

// characters XML 1.0 does not allow: C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates
const ILLEGAL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex -- as above
const NEEDS_WORK = /[&<>"\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * `s` as XML text or attribute content: &, <, >, " escaped and the characters XML 1.0 forbids
 * removed.
 *
 * @example
 * xmlEscape('a < b & "c"\u0001') // → 'a &lt; b &amp; &quot;c&quot;'
 */
export function xmlEscape(s: string): string {
  if (!NEEDS_WORK.test(s)) return s;
  return s.replace(ILLEGAL, '').replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}

/** Why `name` cannot name a worksheet (null when it can). */
export function sheetNameProblem(name: string): string | null {
  if (name.length === 0 || name.length > 31)
    return `工作表名称须为 1–31 个字符 / a sheet name has 1–31 characters: ${name}`;
  if (/[[\]:*?/\\]/.test(name))
    return `工作表名称不能含 []:*?/\\ / a sheet name cannot contain []:*?/\\: ${name}`;
  if (name.startsWith("'") || name.endsWith("'"))
    return `工作表名称不能以 ' 开头或结尾 / a sheet name cannot start or end with ': ${name}`;
  return null;
}

/** Column letters of the 0-based column `k` (0 → A, 26 → AA). */
export function columnLetters(k: number): string {
  let s = '';
  for (let n = k + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Writes one worksheet to an XLSX file as rows are added; `finish` waits until the file is
 * complete. `addRows` resolves once the sheet stream has room again, so awaiting it keeps memory
 * flat however many rows come.
 *
 * @example
 * const w = new XlsxStreamWriter('out.xlsx', { sheetName: '评价结果', headers: ['名称', '得分'] });
 * await w.addRows([['甲公司', 92.5]]);
 * await w.finish();
 */
export class XlsxStreamWriter {
  // a few MB of sheet text may wait for deflate (on libuv's thread pool) while the caller reads on
  private readonly sheet = new PassThrough({ highWaterMark: 4 << 20 });
  private readonly done: Promise<void>;
  private readonly fail: (e: unknown) => void;
  private readonly letters: string[] = [];
  private rowNo = 1;
  private finished = false;

  constructor(file: string, options: XlsxSheetOptions) {
    const problem = sheetNameProblem(options.sheetName);
    if (problem) throw new Error(problem);
    const zip = new yazl.ZipFile();
    const out = createWriteStream(file);
    zip.outputStream.pipe(out);
    // a failure anywhere (the zip, the file) ends both ends: the sheet takes no more rows and `done` rejects
    this.fail = (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      if (!this.sheet.destroyed) this.sheet.destroy(err);
      if (!out.destroyed) out.destroy(err);
    };
    this.sheet.on('error', this.fail);
    zip.outputStream.on('error', this.fail);
    zip.on('error', this.fail);
    this.done = finished(out);
    this.done.catch(() => undefined);
    const text = (s: string) => Buffer.from(s, 'utf8');
    zip.addBuffer(text(CONTENT_TYPES), '[Content_Types].xml');
    zip.addBuffer(text(ROOT_RELS), '_rels/.rels');
    zip.addBuffer(
      text(
        `${XML_DECL}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView/></bookViews>` +
          `<sheets><sheet name="${xmlEscape(options.sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
      'xl/workbook.xml',
    );
    zip.addBuffer(text(WORKBOOK_RELS), 'xl/_rels/workbook.xml.rels');
    zip.addBuffer(text(STYLES), 'xl/styles.xml');
    // the fastest deflate level: the sheet is repetitive XML, and level 1 takes a fraction of the default's time for a file a fifth larger
    zip.addReadStream(this.sheet, 'xl/worksheets/sheet1.xml', { compressionLevel: 1 });
    zip.end();

    const view =
      options.freezeHeader === false
        ? '<sheetView workbookViewId="0"/>'
        : '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>';
    const cols = (options.widths ?? [])
      .map((w, k) =>
        w !== undefined && Number.isFinite(w) && w > 0
          ? `<col min="${k + 1}" max="${k + 1}" width="${w}" customWidth="1"/>`
          : '',
      )
      .join('');
    this.sheet.write(
      `${XML_DECL}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheetViews>${view}</sheetViews>` +
        `<sheetFormatPr defaultRowHeight="15"/>${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`,
    );
    this.sheet.write(this.rowXml(options.headers, ' s="1"'));
  }

  private letter(k: number): string {
    return (this.letters[k] ??= columnLetters(k));
  }

  private rowXml(cells: readonly XlsxCell[], style = ''): string {
    const r = this.rowNo++;
    let xml = `<row r="${r}">`;
    for (let k = 0; k < cells.length; k++) {
      const v = cells[k];
      if (v === null || v === undefined || v === '') continue;
      if (typeof v === 'number') {
        if (Number.isFinite(v)) xml += `<c r="${this.letter(k)}${r}"${style}><v>${v}</v></c>`;
        continue;
      }
      const t = xmlEscape(v);
      const space = /^\s|\s$/.test(t) ? ' xml:space="preserve"' : '';
      xml += `<c r="${this.letter(k)}${r}"${style} t="inlineStr"><is><t${space}>${t}</t></is></c>`;
    }
    return `${xml}</row>`;
  }

  /** Appends rows below the ones written; resolves when the sheet can take more. */
  async addRows(rows: readonly (readonly XlsxCell[])[]): Promise<void> {
    if (this.finished) throw new Error('XlsxStreamWriter: addRows after finish');
    if (rows.length === 0) return;
    let xml = '';
    for (const row of rows) xml += this.rowXml(row);
    if (!this.sheet.write(xml)) await Promise.race([once(this.sheet, 'drain'), this.done]);
  }

  /** Closes the sheet and waits until the file is fully written. */
  async finish(): Promise<void> {
    if (this.finished) throw new Error('XlsxStreamWriter: finish called twice');
    this.finished = true;
    this.sheet.end('</sheetData></worksheet>');
    await this.done;
  }

  /** Stops writing after a failure elsewhere (the caller removes the file). */
  async abort(): Promise<void> {
    this.finished = true;
    this.fail(new Error('XlsxStreamWriter: aborted'));
    await this.done.catch(() => undefined);
  }
}
