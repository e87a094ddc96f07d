import { Component } from 'react';
import type { ErrorInfo as ReactErrorInfo, ReactNode } from 'react';
import { toWorkstationError } from '../../../../electron/common/errors';
import type { ErrorInfo } from '../../state/types';

interface Props {
  /** Renders the failure; `reset` tries the children again. */
  fallback: (error: ErrorInfo, reset: () => void) => ReactNode;
  /** Changing this key (the route) clears a past failure. */
  resetKey: string;
  children: ReactNode;
}

interface State {
  error: ErrorInfo | null;
  key: string;
}

/** A bug in one screen shows an error in that screen; the rest of the app keeps working. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(e: unknown): Partial<State> {
    const w = toWorkstationError(e);
    return { error: { code: w.code, message: w.message } };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown, info: ReactErrorInfo): void {
    console.error('Screen failed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error)
      return this.props.fallback(this.state.error, () => this.setState({ error: null }));
    return this.props.children;
  }
}
