const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The simulator's stand-in for GeeLark's H5 streaming client: a phone frame sized by the start options,
 * which keeps its "remotely connected" state alive with a heartbeat and says goodbye when closed, so the
 * simulator can refuse stop (43006) and delete (43021) while a viewer is open, as the real service does.
 */
export function viewerPage(
  p:
    | { error: string }
    | { id: string; name: string; token: string; width: number; sidebar: boolean; timer: boolean; center: boolean },
): string {
  if ('error' in p) {
    return `<!doctype html><meta charset="utf-8"><title>Link expired</title><body style="font:14px system-ui;padding:2em">${esc(p.error)}</body>`;
  }
  const h = Math.round(p.width * (16 / 9));
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${esc(p.name)}</title>
<style>
 body{margin:0;background:#111;font:13px system-ui;color:#eee;display:flex;${p.center ? 'justify-content:center;' : ''}}
 .phone{width:${p.width}px;height:${h}px;background:linear-gradient(160deg,#2b5876,#4e4376);position:relative}
 .bar{display:flex;justify-content:space-between;padding:6px 10px;font-size:12px}
 .app{position:absolute;inset:40% 10% auto 10%;text-align:center}
 .side{width:48px;background:#222;display:flex;flex-direction:column;gap:8px;padding-top:8px;align-items:center}
 .side span{width:28px;height:28px;border-radius:6px;background:#444;display:block}
</style></head>
<body><div class="phone" data-phone-id="${esc(p.id)}"><div class="bar"><span id="clock"></span>${p.timer ? '<span id="timer">00:00</span>' : ''}</div>
<div class="app"><h2>${esc(p.name)}</h2><p>Simulated GeeLark phone</p></div></div>
${p.sidebar ? '<div class="side" aria-label="toolbar"><span></span><span></span><span></span><span></span></div>' : ''}
<script>
 const t0 = Date.now(); const q = '?token=${encodeURIComponent(p.token)}';
 const tick = () => { document.getElementById('clock').textContent = new Date().toLocaleTimeString();
   const el = document.getElementById('timer'); if (el) { const s = Math.floor((Date.now()-t0)/1000); el.textContent = String(Math.floor(s/60)).padStart(2,'0')+':'+String(s%60).padStart(2,'0'); } };
 tick(); setInterval(tick, 1000);
 setInterval(() => fetch('/viewer/heartbeat' + q, { method: 'POST' }).catch(() => {}), 5000);
 addEventListener('pagehide', () => navigator.sendBeacon('/viewer/bye' + q));
</script></body></html>`;
}
