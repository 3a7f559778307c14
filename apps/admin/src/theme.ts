import type { ThemeConfig } from 'antd';

// The look of provincial government systems: deep blue header, white panels, compact tables.
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1d4f91',
    colorError: '#c8161d',
    borderRadius: 4,
    fontSize: 14,
    fontFamily:
      '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", system-ui, sans-serif',
  },
  components: {
    Layout: { headerBg: '#1d4f91', siderBg: '#ffffff', headerHeight: 56, headerPadding: '0 20px' },
    Menu: { itemSelectedBg: '#e6eef8', itemSelectedColor: '#1d4f91' },
    Table: { cellPaddingBlockSM: 6 },
  },
};
