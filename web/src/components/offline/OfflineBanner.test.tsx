import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportReachable } from '@/lib/offline/network';
import { __setPendingUpdateForTests } from '@/lib/offline/register';
import { NeedsNetworkNote, OFFLINE_MESSAGE, OfflineBanner } from './OfflineBanner';
import { UpdatePrompt } from './UpdatePrompt';

afterEach(() => {
  vi.restoreAllMocks();
  __setPendingUpdateForTests(null);
});

describe('the offline banner', () => {
  it('says what works offline while the browser is offline, and goes when it is back', () => {
    render(
      <>
        <OfflineBanner />
        <NeedsNetworkNote what="Running code" />
      </>,
    );
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    expect(screen.queryByText('Running code needs the network.')).toBeNull();
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    act(() => void window.dispatchEvent(new Event('offline')));
    expect(screen.getByRole('status')).toHaveTextContent(OFFLINE_MESSAGE);
    expect(OFFLINE_MESSAGE).toBe('You are offline — showing saved lessons; running code and saving need the network.');
    expect(screen.getByText('Running code needs the network.')).toBeInTheDocument();
    onLine.mockReturnValue(true);
    act(() => void window.dispatchEvent(new Event('online')));
    expect(screen.queryByTestId('offline-banner')).toBeNull();
  });

  it('shows while the server cannot be reached though the browser is online', () => {
    render(<OfflineBanner />);
    act(() => reportReachable(false));
    expect(screen.getByTestId('offline-banner')).toHaveTextContent('You are offline');
    act(() => reportReachable(true));
    expect(screen.queryByTestId('offline-banner')).toBeNull();
  });
});

describe('the update prompt', () => {
  it('appears when a new version is waiting, and Reload activates it', async () => {
    render(<UpdatePrompt />);
    expect(screen.queryByTestId('update-prompt')).toBeNull();
    const update = vi.fn(async () => undefined);
    act(() => __setPendingUpdateForTests(update));
    expect(screen.getByTestId('update-prompt')).toHaveTextContent('A new version of Codestead is available.');
    await userEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(update).toHaveBeenCalledWith(true);
  });
});
