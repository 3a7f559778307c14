import type { Selectable } from 'kysely';

/** A department's directory of inspectors (执法检查人员名录), one row per (department, 工号). */
export interface InspectorTable {
  department: string;
  /** 工号 */
  id: string;
  name: string;
  /** 执法证号 */
  certificate: string;
  /** JSON string[]: supervision-item codes or domain ids they may inspect (可检查事项); [] = all of the department's. */
  items: string;
  /** JSON string[]: USCCs of enterprises they declared a conflict with (回避企业). */
  conflicts: string;
  /** 1 active, 0 not drawn. */
  active: number;
  updated_by: string;
  updated_at: string;
}
export type InspectorRow = Selectable<InspectorTable>;
