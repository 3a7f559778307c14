import { useEffect } from 'react';
import { render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

/** A text model that records whether it was disposed, and whether the widget still used it then. */
function fakeModel(widget: { disposed: boolean }) {
  const m = {
    disposed: false,
    disposedWhileWidgetAlive: false,
    isDisposed: () => m.disposed,
    dispose: () => {
      m.disposed = true;
      m.disposedWhileWidgetAlive = !widget.disposed;
    },
  };
  return m;
}

const widgets: {
  disposed: boolean;
  models: { original: ReturnType<typeof fakeModel>; modified: ReturnType<typeof fakeModel> };
  panes: { original: HTMLElement; modified: HTMLElement };
}[] = [];

vi.mock('../lib/monaco.ts', () => ({}));
vi.mock('@monaco-editor/react', () => ({
  // like the real one: the widget is created on mount, disposed in the clean-up of its own effect,
  // and the models are left alone when keepCurrent*Model is set
  DiffEditor: (props: { onMount?: (e: unknown) => void; keepCurrentOriginalModel?: boolean; keepCurrentModifiedModel?: boolean }) => {
    useEffect(() => {
      const w = { disposed: false } as (typeof widgets)[number];
      w.models = { original: fakeModel(w), modified: fakeModel(w) };
      widgets.push(w);
      // like the real widget: two code editors whose DOM holds the input the panes' names go on
      const pane = () => {
        const dom = document.createElement('div');
        dom.appendChild(document.createElement('textarea'));
        return { getDomNode: () => dom };
      };
      const [original, modified] = [pane(), pane()];
      w.panes = { original: original.getDomNode(), modified: modified.getDomNode() };
      props.onMount?.({ getModel: () => w.models, getOriginalEditor: () => original, getModifiedEditor: () => modified });
      return () => {
        if (!props.keepCurrentOriginalModel) w.models.original.dispose();
        if (!props.keepCurrentModifiedModel) w.models.modified.dispose();
        w.disposed = true;
      };
    }, []);
    return null;
  },
}));

const { default: DiffView } = await import('./diff-view.tsx');

describe('DiffView', () => {
  it('disposes both text models after the diff widget when it unmounts', async () => {
    const view = render(<DiffView original='{"a":1}' modified='{"a":2}' />);
    const w = widgets.at(-1)!;
    expect(w.models.original.disposed).toBe(false);
    view.unmount();
    await vi.waitFor(() => {
      expect(w.models.original.disposed).toBe(true);
      expect(w.models.modified.disposed).toBe(true);
    });
    // never before the widget let go of them (Monaco throws "TextModel got disposed before DiffEditorWidget model got reset")
    expect(w.models.original.disposedWhileWidgetAlive).toBe(false);
    expect(w.models.modified.disposedWhileWidgetAlive).toBe(false);
  });

  it('names both panes for screen readers (原文 / 修改后), on the input Monaco reads', () => {
    render(<DiffView original="{}" modified='{"a":1}' />);
    const w = widgets.at(-1)!;
    expect(w.panes.original.querySelector('textarea')!.getAttribute('aria-label')).toBeTruthy();
    expect(w.panes.modified.querySelector('textarea')!.getAttribute('aria-label')).toBeTruthy();
    expect(w.panes.original.querySelector('textarea')!.getAttribute('aria-label')).not.toBe(w.panes.modified.querySelector('textarea')!.getAttribute('aria-label'));
  });

  it('leaves the models of a mounted view alone', async () => {
    render(<DiffView original="{}" modified="{}" />);
    const w = widgets.at(-1)!;
    await new Promise((r) => setTimeout(r, 10));
    expect(w.models.original.disposed).toBe(false);
    expect(w.models.modified.disposed).toBe(false);
  });
});
