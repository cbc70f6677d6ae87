import { describe, expect, it } from 'vitest';
import { diffProfile } from './ProfileForm';
import { describeAgent } from './SessionsList';

const base = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  username: 'ada',
  bio: 'x',
  githubUsername: '',
  linkedinUrl: '',
  skillLevel: 'beginner',
};

describe('diffProfile', () => {
  it('sends only the fields that changed, trimmed', () => {
    expect(diffProfile(base, { ...base, firstName: ' Augusta ', skillLevel: 'advanced' })).toEqual({
      firstName: 'Augusta',
      skillLevel: 'advanced',
    });
  });

  it('sends an empty string to clear an optional field', () => {
    expect(diffProfile(base, { ...base, bio: '  ' })).toEqual({ bio: '' });
  });

  it('sends nothing when nothing changed', () => {
    expect(diffProfile(base, { ...base, firstName: 'Ada ' })).toEqual({});
  });
});

describe('describeAgent', () => {
  it('names browser and system', () => {
    expect(describeAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36')).toBe(
      'Chrome on Linux',
    );
    expect(
      describeAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iOS');
    expect(describeAgent(null)).toBe('Unknown device');
  });
});
