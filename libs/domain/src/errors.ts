/**
 * The error catalogue: every error a client can see, with its code, HTTP status and WebSocket
 * close code. Internal error text never reaches a client; only these messages do.
 */
export interface ErrorDefinition {
  readonly status: number;
  readonly message: string;
  /** Close code for the y-websocket and Socket.IO transports (4000–4999 are application codes). */
  readonly wsCloseCode: number;
}

export const ERROR_CATALOGUE = {
  ValidationFailed: { status: 400, message: 'The request is not valid.', wsCloseCode: 4400 },
  MalformedJson: { status: 400, message: 'The request body is not valid JSON.', wsCloseCode: 4400 },
  Unauthenticated: { status: 401, message: 'Authentication is required.', wsCloseCode: 4401 },
  InvalidCredentials: { status: 401, message: 'The e-mail or password is not correct.', wsCloseCode: 4401 },
  InvalidRefreshToken: { status: 401, message: 'The session has expired. Please sign in again.', wsCloseCode: 4401 },
  Forbidden: { status: 403, message: 'You do not have permission to do this.', wsCloseCode: 4403 },
  NotFound: { status: 404, message: 'Not found.', wsCloseCode: 4404 },
  CaseNotFound: { status: 404, message: 'Case not found.', wsCloseCode: 4404 },
  UserNotFound: { status: 404, message: 'User not found.', wsCloseCode: 4404 },
  OrganisationNotFound: { status: 404, message: 'Organisation not found.', wsCloseCode: 4404 },
  MemberNotFound: { status: 404, message: 'Member not found.', wsCloseCode: 4404 },
  DocumentNotFound: { status: 404, message: 'Document not found.', wsCloseCode: 4404 },
  MeetingNotFound: { status: 404, message: 'Meeting not found.', wsCloseCode: 4404 },
  AgendaItemNotFound: { status: 404, message: 'Agenda item not found.', wsCloseCode: 4404 },
  SuggestionNotFound: { status: 404, message: 'Suggestion not found.', wsCloseCode: 4404 },
  StatementNotFound: { status: 404, message: 'Statement not found.', wsCloseCode: 4404 },
  StatementRequestNotFound: { status: 404, message: 'Statement request not found.', wsCloseCode: 4404 },
  ObservationNotFound: { status: 404, message: 'Observation not found.', wsCloseCode: 4404 },
  InterventionNotFound: { status: 404, message: 'Intervention not found.', wsCloseCode: 4404 },
  FollowUpDateRequired: { status: 400, message: 'A meeting is concluded only with the next follow-up date and the person responsible until then.', wsCloseCode: 4400 },
  NotAParticipant: { status: 403, message: 'You are not a participant of this meeting.', wsCloseCode: 4403 },
  MeetingConcluded: { status: 409, message: 'The meeting is concluded; its minutes are a record. Add an addendum instead.', wsCloseCode: 4409 },
  MeetingNotOpen: { status: 409, message: 'This can only be done while the meeting is planned or in progress.', wsCloseCode: 4409 },
  StatementAlreadyCorrected: { status: 409, message: 'This statement already has a newer version; correct that one.', wsCloseCode: 4409 },
  StatementRequestClosed: { status: 409, message: 'This request has already been answered.', wsCloseCode: 4409 },
  MethodNotAllowed: { status: 405, message: 'Method not allowed.', wsCloseCode: 4405 },
  AlreadyMember: { status: 409, message: 'The user is already a member of this case.', wsCloseCode: 4409 },
  EmailTaken: { status: 409, message: 'A user with this e-mail already exists.', wsCloseCode: 4409 },
  CaseRoleNotAllowed: { status: 409, message: 'This user cannot have that role in a case.', wsCloseCode: 4409 },
  CannotRemoveOwner: { status: 409, message: 'The caseworker who owns the case cannot be removed.', wsCloseCode: 4409 },
  PayloadTooLarge: { status: 413, message: 'The request is too large.', wsCloseCode: 1009 },
  DocumentTooLarge: { status: 413, message: 'The document has reached its maximum size.', wsCloseCode: 4413 },
  CollabMessageMalformed: { status: 400, message: 'The collaboration message could not be read.', wsCloseCode: 4400 },
  VersionNotFound: { status: 404, message: 'Version not found.', wsCloseCode: 4404 },
  HandshakeTimeout: { status: 408, message: 'The connection took too long to start.', wsCloseCode: 4408 },
  UnsupportedMediaType: { status: 415, message: 'Unsupported content type.', wsCloseCode: 4415 },
  TooManyRequests: { status: 429, message: 'Too many requests. Please wait and try again.', wsCloseCode: 4429 },
  Internal: { status: 500, message: 'Something went wrong on our side.', wsCloseCode: 1011 },
  AuditUnavailable: { status: 503, message: 'The service is temporarily unavailable.', wsCloseCode: 1013 },
  DatabaseUnavailable: { status: 503, message: 'The service is temporarily unavailable.', wsCloseCode: 1013 },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Field name → human-readable problems, for validation errors. */
export type FieldErrors = Record<string, string[]>;

/** A domain error: a catalogue code, optional field details, and optional headers (Retry-After). */
export class DomainError extends Error {
  readonly status: number;
  readonly wsCloseCode: number;

  constructor(
    readonly code: ErrorCode,
    readonly fields?: FieldErrors,
    readonly retryAfterSeconds?: number,
  ) {
    super(ERROR_CATALOGUE[code].message);
    this.name = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.wsCloseCode = ERROR_CATALOGUE[code].wsCloseCode;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
