/**
 * Names of the administrative divisions (GB/T 2260) of the sample register: 平顶山市 (410400) and its
 * districts, counties and county-level cities, plus 郑州市中原区 used by tests. An unknown code is shown
 * as it is.
 */
const REGIONS: Record<string, readonly [string, string]> = {
  '410400': ['平顶山市', 'Pingdingshan'],
  '410402': ['平顶山市新华区', 'Xinhua District, Pingdingshan'],
  '410403': ['平顶山市卫东区', 'Weidong District, Pingdingshan'],
  '410404': ['平顶山市石龙区', 'Shilong District, Pingdingshan'],
  '410411': ['平顶山市湛河区', 'Zhanhe District, Pingdingshan'],
  '410421': ['宝丰县', 'Baofeng County'],
  '410422': ['叶县', 'Ye County'],
  '410423': ['鲁山县', 'Lushan County'],
  '410425': ['郏县', 'Jia County'],
  '410481': ['舞钢市', 'Wugang'],
  '410482': ['汝州市', 'Ruzhou'],
  '410102': ['郑州市中原区', 'Zhongyuan District, Zhengzhou'],
};

/** `410481` → 舞钢市 (English: Wugang); undefined for a code not listed. */
export function regionName(code: string | null | undefined, lang: 'zh' | 'en' = 'zh'): string | undefined {
  const r = code ? REGIONS[code] : undefined;
  return r ? r[lang === 'en' ? 1 : 0] : undefined;
}
