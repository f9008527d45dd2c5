/**
 * The commands the bot answers itself, without PD (see interpretCommand's `permissions`): listed in
 * every front end's help next to the actions.
 */
export const BUILT_IN_COMMANDS = [
  { usage: 'whoami', description: 'what you may run here, and why' },
  { usage: 'can <action>', description: 'whether you may run one action here, and what would allow it' },
] as const;
