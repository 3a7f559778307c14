import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAutosave } from './use-autosave.ts';
import type { AutosaveClient } from './use-autosave.ts';

interface Doc {
  threshold: number;
}

class Stale extends Error {}

/** An in-memory draft store that refuses a save over a stale revision, as the server does. */
function fakeServer(initial: Doc, revision = 1) {
  const server = {
    content: initial,
    revision,
    saves: [] as { revision: number; content: Doc }[],
    failNext: null as Error | null,
  };
  const client: AutosaveClient<Doc> = {
    async save({ revision: rev, content }) {
      server.saves.push({ revision: rev, content });
      if (server.failNext) {
        const e = server.failNext;
        server.failNext = null;
        throw e;
      }
      if (rev !== server.revision) throw new Stale('stale');
      server.content = content;
      server.revision = rev + 1;
      return { revision: server.revision };
    },
    async load() {
      return { revision: server.revision, content: server.content };
    },
    classify: (e) =>
      e instanceof Stale
        ? { kind: 'conflict' }
        : { kind: 'error', message: `保存失败：${(e as Error).message}` },
  };
  /** Someone else saves the draft. */
  const otherSaves = (content: Doc) => {
    server.content = content;
    server.revision += 1;
  };
  return { server, client, otherSaves };
}

const wait = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)));

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('useAutosave', () => {
  it('saves once after the user stops typing, with the revision the edit started from', async () => {
    const { server, client } = fakeServer({ threshold: 60 });
    const { result } = renderHook(() =>
      useAutosave({ versionId: 7, initialValue: { threshold: 60 }, initialRevision: 1, client }),
    );
    act(() => result.current.setValue({ threshold: 61 }));
    await wait(500);
    act(() => result.current.setValue({ threshold: 62 }));
    expect(result.current.status).toBe('dirty');
    await wait(1000);
    expect(server.saves).toHaveLength(0); // still typing: 1.5 s since the last edit have not passed
    await wait(600);
    expect(server.saves).toEqual([{ revision: 1, content: { threshold: 62 } }]);
    expect(result.current.status).toBe('saved');
    expect(result.current.revision).toBe(2);
    expect(result.current.savedAt).toBeInstanceOf(Date);

    act(() => result.current.setValue({ threshold: 63 }));
    await wait(1600);
    expect(server.saves[1]).toEqual({ revision: 2, content: { threshold: 63 } });
    expect(server.content).toEqual({ threshold: 63 });
  });

  it('on a conflict keeps my edit, shows the server version, and saves mine on top when I keep it', async () => {
    const { server, client, otherSaves } = fakeServer({ threshold: 60 });
    const { result } = renderHook(() =>
      useAutosave({ versionId: 7, initialValue: { threshold: 60 }, initialRevision: 1, client }),
    );
    otherSaves({ threshold: 80 });
    act(() => result.current.setValue({ threshold: 55 }));
    await wait(1600);
    expect(result.current.status).toBe('conflict');
    expect(result.current.value).toEqual({ threshold: 55 });
    expect(result.current.conflict).toEqual({ serverContent: { threshold: 80 }, serverRevision: 2 });
    expect(server.content).toEqual({ threshold: 80 });

    // edits during the conflict are kept, not saved
    act(() => result.current.setValue({ threshold: 54 }));
    await wait(3000);
    expect(server.saves).toHaveLength(1);

    await act(() => result.current.keepMine());
    expect(server.saves[1]).toEqual({ revision: 2, content: { threshold: 54 } });
    expect(server.content).toEqual({ threshold: 54 });
    expect(result.current.status).toBe('saved');
    expect(result.current.conflict).toBeNull();
    expect(result.current.revision).toBe(3);
  });

  it('takes the server version when I choose it, without saving', async () => {
    const { server, client, otherSaves } = fakeServer({ threshold: 60 });
    const { result } = renderHook(() =>
      useAutosave({ versionId: 7, initialValue: { threshold: 60 }, initialRevision: 1, client }),
    );
    otherSaves({ threshold: 80 });
    act(() => result.current.setValue({ threshold: 55 }));
    await wait(1600);
    act(() => result.current.takeServer());
    expect(result.current.value).toEqual({ threshold: 80 });
    expect(result.current.status).toBe('saved');
    expect(server.saves).toHaveLength(1);
    // the next edit starts from the server's revision
    act(() => result.current.setValue({ threshold: 81 }));
    await wait(1600);
    expect(server.saves[1]).toEqual({ revision: 2, content: { threshold: 81 } });
    expect(result.current.status).toBe('saved');
  });

  it('reports a failed save and saves again on flush', async () => {
    const { server, client } = fakeServer({ threshold: 60 });
    const { result } = renderHook(() =>
      useAutosave({ versionId: 7, initialValue: { threshold: 60 }, initialRevision: 1, client }),
    );
    server.failNext = new Error('网络中断');
    act(() => result.current.setValue({ threshold: 70 }));
    await wait(1600);
    expect(result.current.status).toBe('error');
    expect(result.current.error).toBe('保存失败：网络中断');
    let ok = false;
    await act(async () => {
      ok = await result.current.flush();
    });
    expect(ok).toBe(true);
    expect(server.content).toEqual({ threshold: 70 });
    expect(result.current.status).toBe('saved');
  });

  it('flush saves pending edits at once (before submitting) and saves nothing when disabled', async () => {
    const { server, client } = fakeServer({ threshold: 60 });
    const { result } = renderHook(() =>
      useAutosave({ versionId: 7, initialValue: { threshold: 60 }, initialRevision: 1, client }),
    );
    act(() => result.current.setValue({ threshold: 65 }));
    await act(() => result.current.flush());
    expect(server.content).toEqual({ threshold: 65 });
    await wait(3000);
    expect(server.saves).toHaveLength(1);

    const other = fakeServer({ threshold: 60 });
    const ro = renderHook(() =>
      useAutosave({
        versionId: 8,
        initialValue: { threshold: 60 },
        initialRevision: 1,
        client: other.client,
        enabled: false,
      }),
    );
    act(() => ro.result.current.setValue({ threshold: 1 }));
    await wait(3000);
    expect(other.server.saves).toHaveLength(0);
  });
});
