import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { LanguageProvider } from '../i18n/index.tsx';
import type { Lang } from '../i18n/index.tsx';

/** Renders inside the language provider (Chinese unless told). */
export function renderIn(ui: ReactElement, lang: Lang = 'zh') {
  return render(<LanguageProvider initial={lang}>{ui}</LanguageProvider>);
}
