#!/usr/bin/env node
// The end-to-end tests drive Debian's Chromium with CJK fonts (no browser download is possible here).
// Installs them with apt when missing and we are root; otherwise says exactly what is missing.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const fonts = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const missing = [];
if (!existsSync(chromium)) missing.push('chromium');
if (!existsSync(fonts)) missing.push('fonts-noto-cjk');
// The audit tamper test edits the SQLite file with the sqlite3 command line, as an attacker would.
if (!existsSync('/usr/bin/sqlite3')) missing.push('sqlite3');
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`缺少系统软件包 missing system packages: ${missing.join(' ')}\n请运行 run: sudo apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}
console.log(`安装系统软件包 installing system packages: ${missing.join(' ')} …`);
execSync('apt-get update -qq', { stdio: 'inherit' });
execSync(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`, { stdio: 'inherit' });
