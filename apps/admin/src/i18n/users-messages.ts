/**
 * UI strings of changing a user's role on the users page (用户管理, issue 15 item 9) — Simplified Chinese
 * first, English second; merged into the catalogue in `messages.ts`.
 */
export const usersMessages = {
  'users.changeRole': ['更改角色', 'Change role'],
  'users.changeRoleTitle': ['更改“{name}”的角色', 'Change the role of “{name}”'],
  'users.changeRoleOk': ['保存角色', 'Save role'],
  'users.changeRoleExplain': [
    '保存后立即生效：对方已登录的页面在下一次操作时即按新角色办理。审核人和信用办属于信用办；部门编辑须选择所属部门。最后一个启用的信用办账号不能改为其他角色。此操作记入审计日志。',
    'Takes effect at once: the user’s open sessions act with the new role from their next request. Reviewers and the credit office belong to the credit office; a department editor needs a department. The last active credit-office account cannot be given another role. Recorded in the audit log.',
  ],
  'users.roleChanged': ['已将“{name}”的角色改为{role}', '“{name}” is now {role}'],
  'users.roleUnchanged': ['角色和部门没有变化', 'Role and department unchanged'],
  'audit.action.user.change-role': ['更改用户角色', 'Change user role'],
} as const satisfies Record<string, readonly [string, string]>;
