import type { ThemeConfig } from 'antd';

// The look of provincial government systems: deep blue header, white panels, compact tables.
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1d4f91',
    colorError: '#c8161d',
    // contrast of at least 4.5:1 on white and on the light panels (GB/T 37668; axe color-contrast):
    // antd's defaults for secondary text (0.45), descriptions and links (#1677ff) fall short
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
    colorTextQuaternary: 'rgba(0, 0, 0, 0.56)',
    // read-only documents show their values in disabled controls: they must stay legible
    colorTextDisabled: 'rgba(0, 0, 0, 0.62)',
    colorLink: '#1d4f91',
    colorLinkHover: '#2f6ec2',
    colorLinkActive: '#163d70',
    colorWarning: '#a86400',
    colorInfo: '#1d4f91',
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
