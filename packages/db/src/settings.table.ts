/** Settings of the whole installation, one row per key (`default-dataset`: the id of the default dataset). */
export interface AppSettingTable {
  key: string;
  /** Null: not set. */
  value: string | null;
  changed_at: string | null;
  /** Null for the system (migration, first import). */
  changed_by_id: number | null;
  /** User name of whoever changed it (`system` for the system). */
  changed_by: string | null;
}
