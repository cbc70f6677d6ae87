import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { __resetClientForTests } from '@/lib/api/client';
import { json, renderRoutes, stubApi } from '@/test/stubApi';
import { CertificatePage, certificateDay } from './CertificatePage';

afterEach(() => {
  vi.unstubAllGlobals();
  __resetClientForTests();
});

const CODE = 'Zk3v_0aQ-pL8mN2xR7tY4wE9uI1oS6dF5gH3jK0lZ2c';
const route = [{ path: '/certificates/:code', element: <CertificatePage /> }];

describe('the certificate page', () => {
  it('shows the name, the track and the day, and prints', async () => {
    const calls = stubApi({
      [`GET /certificates/${CODE}`]: () =>
        json({
          code: CODE,
          valid: true,
          learnerName: 'Ada Lovelace',
          trackTitle: 'Python',
          completedAt: '2026-03-01T23:30:00Z',
          issuedAt: '2026-03-04T10:00:00Z',
        }),
    });
    const print = vi.fn();
    vi.stubGlobal('print', print);
    renderRoutes(`/certificates/${CODE}`, route);
    const cert = await screen.findByTestId('certificate');
    expect(within(cert).getByRole('heading', { level: 1, name: 'Certificate of completion' })).toBeInTheDocument();
    expect(within(cert).getByTestId('certificate-name')).toHaveTextContent('Ada Lovelace');
    expect(within(cert).getByTestId('certificate-track')).toHaveTextContent('Python');
    // The UTC day, the same for every reader.
    expect(within(cert).getByTestId('certificate-date')).toHaveTextContent(certificateDay('2026-03-01T23:30:00Z'));
    expect(cert).toHaveTextContent(CODE);
    expect(screen.getByRole('status')).toHaveTextContent('Verified: this certificate is valid.');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledOnce();
    expect(calls.map((c) => c.path)).toEqual([`/certificates/${CODE}`]);
  });

  it('says when a certificate is no longer valid, naming no one', async () => {
    stubApi({
      [`GET /certificates/${CODE}`]: () =>
        json({ code: CODE, valid: false, learnerName: null, trackTitle: null, completedAt: null, issuedAt: null }),
    });
    renderRoutes(`/certificates/${CODE}`, route);
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent('Certificate no longer valid');
    expect(screen.queryByTestId('certificate')).not.toBeInTheDocument();
  });

  it('says when no certificate has the code', async () => {
    stubApi({
      'GET /certificates/forged': () =>
        json({ title: 'Not Found', status: 404, code: 'not_found', detail: 'No certificate has this verification code.' }, 404),
    });
    renderRoutes('/certificates/forged', route);
    expect(await screen.findByText('No certificate has this code')).toBeInTheDocument();
    expect(screen.queryByTestId('certificate')).not.toBeInTheDocument();
  });
});
