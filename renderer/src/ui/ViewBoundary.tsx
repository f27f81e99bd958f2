import { Component, type ReactNode } from 'react';
import { useApp, useI18n } from '../state/context';

interface Props {
  /** Which view this guards, for the log ("phones", "settings"…). */
  where: string;
  children: ReactNode;
}

/**
 * One view that throws while rendering stops alone: the tabs, the notices and main's work (polling,
 * running jobs, the tray) go on, the error is written to the log, and the view can be reloaded in place.
 * Without it, React unmounts the whole window and leaves it blank.
 */
export function ViewBoundary({ where, children }: Props) {
  const reportError = useApp((s) => s.reportError);
  const { t } = useI18n();
  return (
    <Boundary
      key={where}
      report={(e) => reportError(where, e)}
      fallback={(e, reset) => (
        <div className="empty view-stopped" role="alert" data-testid="view-stopped">
          <p>{t('error.viewStopped', { message: e.message })}</p>
          <button onClick={reset}>{t('error.reloadView')}</button>
        </div>
      )}
    >
      {children}
    </Boundary>
  );
}

class Boundary extends Component<
  { report(e: Error): void; fallback(e: Error, reset: () => void): ReactNode; children: ReactNode },
  { error: Error | null }
> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
  override componentDidCatch(error: unknown) {
    this.props.report(error instanceof Error ? error : new Error(String(error)));
  }
  override render() {
    return this.state.error
      ? this.props.fallback(this.state.error, () => this.setState({ error: null }))
      : this.props.children;
  }
}
