/**
 * Properties the processor injects or overrides before columns are read (§3.3). A column reading
 * one of them is marked when the config is loaded, so events need no name comparisons.
 */
export enum InjectedProperty {
  /** An ordinary property: read from the event's properties. */
  None,
  /** An ordinary property whose name Object.prototype also has (`constructor`): own keys only. */
  OwnKey,
  /** `time`: always the server receive time (a number of whole seconds). */
  Time,
  /** `client_time`: the client's `time` when it sent one, else its own `client_time`. */
  ClientTime,
  /** `ip`: the client's `ip` when the key is present (even null), else the edge client IP. */
  Ip,
  /** `user_agent`: the client's value when present, else the edge user agent when non-empty. */
  UserAgent,
}

export function injectedPropertyOf(inboundName: string): InjectedProperty {
  switch (inboundName) {
    case 'time': return InjectedProperty.Time;
    case 'client_time': return InjectedProperty.ClientTime;
    case 'ip': return InjectedProperty.Ip;
    case 'user_agent': return InjectedProperty.UserAgent;
    default: return inboundName in Object.prototype ? InjectedProperty.OwnKey : InjectedProperty.None;
  }
}
