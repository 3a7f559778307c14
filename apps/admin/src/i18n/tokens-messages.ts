/**
 * UI strings of the service tokens (系统接入令牌) and the release bundle download (Simplified
 * Chinese first, English second); merged into the catalogue in `messages.ts`.
 */
export const tokensMessages = {
  'nav.tokens': ['系统接入令牌', 'Service tokens'],

  // the list
  'tokens.title': ['系统接入令牌', 'Service tokens'],
  'tokens.explain': [
    '各部门的业务系统通过令牌访问本平台的数据接口（/api/v1）：读取生效的策略文档、发布包、本部门的评价结果和已公布的抽查结果。令牌只在创建时显示一次；每次调用都有记录，可展开查看。',
    'Departments’ business systems reach the platform’s data interface (/api/v1) with a token: the documents in force, release bundles, their department’s results and published draws. A token is shown once, when it is created; every call is recorded — expand a row to see them.',
  ],
  'tokens.officeOnly': ['只有信用办可以管理系统接入令牌', 'Only the credit office manages service tokens'],
  'tokens.create': ['新建令牌', 'New token'],
  'tokens.empty': ['还没有令牌。点击“新建令牌”为部门的业务系统发放一个。', 'No token yet. Click “New token” to issue one to a department’s system.'],
  'tokens.col.name': ['名称', 'Name'],
  'tokens.col.department': ['部门', 'Department'],
  'tokens.col.scope': ['权限', 'Scope'],
  'tokens.col.expires': ['到期日', 'Expires'],
  'tokens.col.lastUsed': ['最近使用', 'Last used'],
  'tokens.col.status': ['状态', 'Status'],
  'tokens.col.created': ['创建', 'Created'],
  'tokens.col.actions': ['操作', 'Actions'],
  'tokens.allDepartments': ['全部部门（信用办）', 'Every department (credit office)'],
  'tokens.scope.read': ['只读', 'Read-only'],
  'tokens.scope.import': ['导入', 'Import'],
  'tokens.scope.readHelp': ['读取生效文档、发布包、评价结果和已公布的抽查结果', 'Reads the documents in force, release bundles, results and published draws'],
  'tokens.scope.importHelp': ['除只读权限外，还可以通过增量文件更新数据集', 'Everything read-only may, and also updates datasets by delta files'],
  'tokens.status.active': ['有效', 'Active'],
  'tokens.status.revoked': ['已吊销', 'Revoked'],
  'tokens.status.expired': ['已过期', 'Expired'],
  'tokens.neverUsed': ['从未使用', 'Never used'],
  'tokens.expiresIn': ['{n} 天后到期', 'expires in {n} days'],
  'tokens.expiresToday': ['今天是最后一天', 'last day today'],
  'tokens.revokedBy': ['{name} 于 {at} 吊销', 'revoked by {name} on {at}'],
  'tokens.createdBy': ['{name}，{at}', '{name}, {at}'],

  // revoking
  'tokens.revoke': ['吊销', 'Revoke'],
  'tokens.revokeConfirm': ['吊销令牌“{name}”？', 'Revoke the token “{name}”?'],
  'tokens.revokeConfirmDetail': ['使用该令牌的系统将立即无法访问，吊销后不能恢复；如需继续接入，请新建令牌。', 'The systems using it lose access at once; this cannot be undone — issue a new token to reconnect.'],
  'tokens.revoked': ['已吊销令牌“{name}”', 'Token “{name}” revoked'],
  'tokens.cancel': ['取消', 'Cancel'],

  // recent calls
  'tokens.calls': ['最近调用', 'Recent calls'],
  'tokens.callsOf': ['“{name}”的最近调用（最多 50 条）', 'Recent calls of “{name}” (at most 50)'],
  'tokens.callsEmpty': ['该令牌还没有调用记录', 'No call with this token yet'],
  'tokens.call.at': ['时间', 'Time'],
  'tokens.call.route': ['接口', 'Interface'],
  'tokens.call.records': ['记录数', 'Records'],
  'tokens.call.status': ['结果', 'Result'],
  'tokens.call.ok': ['成功', 'OK'],
  'tokens.call.unauthorized': ['令牌无效', 'Token not accepted'],
  'tokens.call.forbidden': ['无权限', 'Forbidden'],
  'tokens.call.rateLimited': ['调用过于频繁', 'Rate-limited'],
  'tokens.call.badRequest': ['请求有误', 'Bad request'],
  'tokens.call.serverError': ['服务器错误', 'Server error'],

  // creating
  'tokens.createTitle': ['新建系统接入令牌', 'New service token'],
  'tokens.createOk': ['创建令牌', 'Create the token'],
  'tokens.name': ['名称', 'Name'],
  'tokens.namePlaceholder': ['如：交通运输局执法监管系统', 'e.g. Transport bureau enforcement system'],
  'tokens.nameHelp': ['写明哪个部门的哪个系统使用它，便于日后识别和吊销', 'Say which department’s system uses it, to recognise and revoke it later'],
  'tokens.nameRequired': ['请填写令牌名称', 'Enter the token’s name'],
  'tokens.department': ['所属部门', 'Department'],
  'tokens.departmentHelp': ['部门的令牌只能读取本部门的评价结果；“全部部门”可读取所有部门的结果', 'A department’s token reads only its own department’s results; “every department” reads all'],
  'tokens.departmentRequired': ['请选择部门', 'Choose the department'],
  'tokens.scope': ['权限范围', 'Scope'],
  'tokens.expiresOn': ['到期日', 'Expiry date'],
  'tokens.expiresHelp': ['到期日当天仍可使用，次日起失效；最长 3 年', 'Accepted through the expiry day, refused from the next; at most 3 years'],
  'tokens.expiresRequired': ['请选择到期日', 'Choose the expiry date'],
  'tokens.expiresPast': ['到期日须晚于今天', 'The expiry date must be after today'],
  'tokens.expiresTooFar': ['有效期最长 3 年（不晚于 {date}）', 'At most 3 years (not after {date})'],

  // the secret, once
  'tokens.secretTitle': ['令牌已创建：请立即复制', 'Token created: copy it now'],
  'tokens.secretFor': ['令牌“{name}”（{department}，{scope}，{expires} 到期）：', 'Token “{name}” ({department}, {scope}, expires {expires}):'],
  'tokens.secretOnce': ['令牌只显示这一次。关闭后无法再次查看，平台也不保存它；如果遗失，只能吊销后新建。', 'The token is shown this once. After closing it cannot be seen again — the platform does not keep it; if it is lost, revoke it and create a new one.'],
  'tokens.secretHandOver': ['请通过安全渠道交给对方系统的管理员，不要通过聊天工具或邮件明文发送。', 'Hand it to the other system’s administrator through a secure channel, not in plain text by chat or e-mail.'],
  'tokens.secretCopy': ['复制令牌', 'Copy the token'],
  'tokens.secretCopied': ['已复制到剪贴板', 'Copied to the clipboard'],
  'tokens.secretCopyFailed': ['无法自动复制，请选中文本后按 Ctrl+C', 'Could not copy automatically: select the text and press Ctrl+C'],
  'tokens.secretClose': ['我已复制并妥善保存，关闭', 'I have copied and stored it — close'],

  // the release bundle
  'bundle.download': ['下载发布包', 'Download release bundle'],
  'bundle.title': ['下载发布包', 'Download a release bundle'],
  'bundle.explain': [
    '发布包是某日生效的全部策略文档（含每个文档的内容哈希和当时审计日志的位置）的 JSON 文件，可交给其他系统使用，或导入到区县的平台（policy bundle import）；用 policy bundle verify 可离线校验是否被改动。',
    'A release bundle is the JSON file of every document in force on a date, with each document’s content hash and the audit log’s position then. Give it to other systems or import it into a county’s platform (policy bundle import); policy bundle verify checks offline that it is unaltered.',
  ],
  'bundle.at': ['生效日期', 'In force on'],
  'bundle.atRequired': ['请选择日期', 'Choose a date'],
  'bundle.go': ['下载', 'Download'],
  'bundle.saved': ['已下载 {file}', '{file} downloaded'],
  'bundle.failed': ['下载失败', 'Download failed'],
  'bundle.close': ['关闭', 'Close'],
} as const satisfies Record<string, readonly [string, string]>;
