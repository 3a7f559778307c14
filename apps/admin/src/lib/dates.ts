/** Today's date in the browser's time zone, YYYY-MM-DD (what "in force today" means to the user). */
export function todayIso(d = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
