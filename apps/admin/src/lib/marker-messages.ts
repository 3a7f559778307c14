/** The JSON language service speaks English; these are the messages users meet most, in Chinese. */
const MARKER_ZH: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Value is above the maximum of (.+)\.$/, (m) => `数值大于最大值 ${m[1]}`],
  [/^Value is below the minimum of (.+)\.$/, (m) => `数值小于最小值 ${m[1]}`],
  [/^Value is above the exclusive maximum of (.+)\.$/, (m) => `数值应小于 ${m[1]}`],
  [/^Value is below the exclusive minimum of (.+)\.$/, (m) => `数值应大于 ${m[1]}`],
  [/^Value is not accepted\. Valid values: (.+)\.$/, (m) => `取值无效，可选值：${m[1]}`],
  [/^Value must be (.+)\.$/, (m) => `取值必须为 ${m[1]}`],
  [/^Incorrect type\. Expected "(.+)"\.$/, (m) => `类型错误，应为 ${m[1]}`],
  [/^Missing property "(.+)"\.$/, (m) => `缺少属性“${m[1]}”`],
  [/^Property (.+) is not allowed\.$/, (m) => `不允许的属性 ${m[1]}`],
  [/^String does not match the pattern of "(.+)"\.$/, (m) => `字符串格式不符合 ${m[1]}`],
  [/^String is shorter than the minimum length of (\d+)\.$/, (m) => `字符串长度不能少于 ${m[1]}`],
  [/^Array has too few items\. Expected (\d+) or more\.$/, (m) => `数组至少需要 ${m[1]} 项`],
  [/^Matches multiple schemas when only one must validate\.$/, () => '同时符合多个候选结构，只能符合一个'],
  [/^Duplicate object key$/, () => '重复的属性名'],
  [/^Expected comma$/, () => '缺少逗号'],
  [/^Expected colon$/, () => '缺少冒号'],
  [/^Trailing comma$/, () => '多余的逗号'],
  [/^Value expected$/, () => '缺少值'],
  [/^Property expected$/, () => '缺少属性'],
  [/^Unexpected end of string$/, () => '字符串未结束'],
  [/^End of file expected$/, () => '此处应为文件结尾'],
  [/^Colon expected$/, () => '缺少冒号'],
  [/^Comma expected$/, () => '缺少逗号'],
  [/^Closing bracket expected$/, () => '缺少右括号'],
  [/^Expected a JSON object, array or literal\.$/, () => '应为 JSON 对象、数组或字面量'],
  [/^Comments are not permitted in JSON\.$/, () => 'JSON 中不允许注释'],
];

/** Translates a Monaco JSON diagnostic into Chinese where we know it; otherwise returns it unchanged. */
export function markerMessageZh(message: string): string {
  for (const [re, f] of MARKER_ZH) {
    const m = re.exec(message);
    if (m) return f(m);
  }
  return message;
}
