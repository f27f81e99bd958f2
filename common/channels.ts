/**
 * Channel names and other constants the preload and renderer need at run time, kept free of zod so
 * neither bundle carries the validation library. contract.ts checks at compile time that these lists
 * match its channel maps exactly, so a rename still fails to compile everywhere.
 */
export const INVOKE_CHANNEL_NAMES = [
  'phones:snapshot',
  'phones:refresh',
  'phones:details',
  'phones:visible',
  'bulk:run',
  'consent:plan',
  'consent:run',
  'bulk:list',
  'bulk:get',
  'sessions:open',
  'accounts:list',
  'accounts:add',
  'accounts:test',
  'accounts:cancelTest',
  'accounts:remove',
  'demo:enable',
  'settings:get',
  'settings:update',
  'favorites:set',
  'activity:list',
  'activity:job',
  'spend:get',
  'spend:setPrice',
  'spend:running',
  'autopilot:get',
  'autopilot:save',
  'autopilot:remove',
  'autopilot:pause',
  'autopilot:dryRun',
  'autopilot:snooze',
  'autopilot:stopNow',
  'autopilot:keepRunning',
  'control:decide',
  'control:pending',
  'app:about',
  'app:diagnostics',
  'app:reportError',
  'app:openFolder',
  'update:get',
  'update:check',
  'update:download',
  'update:restart',
] as const;

export const EVENT_CHANNEL_NAMES = [
  'phones:patch',
  'refresh:state',
  'bulk:update',
  'consent:ask',
  'accounts:changed',
  'settings:changed',
  'sessions:changed',
  'autopilot:changed',
  'control:approvals',
  'view:apply',
  'update:state',
  'notice',
] as const;

/** IPC channel names are namespaced so they never collide with Electron's own. */
export const ipcChannelName = (c: string) => `phonedeck:${c}`;

export const HUAWEI_REGIONS = [
  'cn-north-4',
  'cn-north-9',
  'cn-east-2',
  'cn-east-3',
  'cn-east-4',
  'cn-south-1',
  'cn-southwest-2',
  'ap-southeast-1',
  'ap-southeast-3',
  'ru-northwest-2',
  'la-south-2',
  'la-north-2',
  'af-north-1',
] as const;
