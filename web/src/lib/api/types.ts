//! Names for the API's JSON shapes, taken from `schema.d.ts` (generated from the server's OpenAPI
//! document by `npm run gen:api`), so a server change shows up as a type error here.

import type { components } from './schema';

type Schemas = components['schemas'];

export type User = Schemas['UserDto'];
export type Draft = Schemas['DraftDto'];
export type LoginResponse = Schemas['LoginResponse'];
export type SessionInfo = Schemas['SessionDto'];
export type RegisterRequest = Schemas['RegisterRequest'];
export type UpdateMeRequest = Schemas['UpdateMeRequest'];
export type ChangePasswordRequest = Schemas['ChangePasswordRequest'];
export type ProblemDocument = Schemas['Problem'];

export type Language = Schemas['LanguageDto'];
export type ExecutionRequest = Schemas['ExecutionRequest'];
export type ExecutionResult = Schemas['ExecutionResponse'];
export type Trace = Schemas['TraceDto'];
export type TraceStep = Schemas['TraceStepDto'];

/** The documented values of `ExecutionResult.status` (the schema types it as a plain string). */
export type ExecutionStatus = 'ok' | 'compile_error' | 'runtime_error' | 'timeout' | 'memory_limit' | 'output_limit' | 'internal_error';

export type TrackSummary = Schemas['TrackSummary'];
export type TrackDetail = Schemas['TrackDetail'];
export type TrackModule = Schemas['ModuleDto'];
export type ItemSummary = Schemas['ItemSummary'];
export type ContentDetail = Schemas['ContentDetail'];
export type ContentPage = Schemas['ContentPage'];
export type QuizQuestion = Schemas['QuizQuestionDto'];
export type QuizFeedback = Schemas['QuizFeedbackDto'];
export type ProgressEntry = Schemas['ProgressDto'];
export type ProgressRequest = Schemas['ProgressRequest'];
export type SubmissionRequest = Schemas['SubmissionRequest'];
export type SubmissionResult = Schemas['SubmissionResponse'];
export type TestResult = Schemas['TestResultDto'];
export type Attempt = Schemas['AttemptDto'];
export type Bookmark = Schemas['BookmarkDto'];
export type RatingResult = Schemas['ContentRatingDto'];
export type Certificate = Schemas['CertificateDto'];
export type CertificateVerification = Schemas['CertificateVerificationDto'];

export type TutorRequest = Schemas['TutorRequest'];
export type TutorContext = Schemas['TutorContextDto'];
export type TutorResponse = Schemas['TutorResponse'];
export type TutorMessage = Schemas['TutorMessageDto'];
export type ConversationSummary = Schemas['ConversationSummary'];
export type ConversationDetail = Schemas['ConversationDetail'];
export type TutorSuggestion = Schemas['SuggestionDto'];

export type SearchHit = Schemas['SearchItem'];
export type SearchPage = Schemas['SearchResults'];
export type ItemRef = Schemas['ItemRef'];
export type Dashboard = Schemas['Dashboard'];
export type Streak = Schemas['Streak'];
export type Achievement = Schemas['AchievementDto'];
export type Recommendation = Schemas['Recommendation'];
export type InProgressItem = Schemas['InProgressDto'];
export type Activity = Schemas['ActivityDto'];
export type DayActivity = Schemas['DayActivity'];
export type DayCompletions = Schemas['DayCompletions'];
export type LearnerStats = Schemas['Stats'];
