import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const manifest = parse(readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8')) as {
  features: { app_home: Record<string, boolean> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions?: { bot_events?: string[] } };
};

describe('manifest.yml', () => {
  it('turns on the Home tab and a Messages tab people can type in', () => {
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
  });

  it('subscribes to the events the bot listens for, with the scope message.im needs', () => {
    expect(manifest.settings.event_subscriptions?.bot_events).toEqual(['app_home_opened', 'message.im']);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'usergroups:read', 'im:history']),
    );
  });
});
