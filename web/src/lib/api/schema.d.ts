// Generated from the server's /api/v1/openapi.json by `npm run gen:api`. Do not edit.

export interface paths {
    "/api/v1/achievements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every achievement, with when the caller earned it (`earnedAt` null if not yet). */
        get: operations["list_achievements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Feedback, newest first. */
        get: operations["list_feedback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/feedback/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Triage one piece of feedback. */
        patch: operations["update_feedback"];
        trace?: never;
    };
    "/api/v1/admin/lti/platforms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The registered platforms, oldest first. */
        get: operations["list_platforms"];
        put?: never;
        /** Registers a platform (an LMS) whose launches Codestead accepts. */
        post: operations["create_platform"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/lti/platforms/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Removes a platform: its launches stop being accepted and undelivered scores are
         *     dropped; the accounts its learners used stay.
         */
        delete: operations["delete_platform"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/lti/tool": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What to type into the platform when registering Codestead there. */
        get: operations["get_tool"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The mail the server wrote to its outbox directory (the default when no SMTP server
         *     is configured).
         */
        get: operations["list_outbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Platform statistics, aggregated in the database. */
        get: operations["get_admin_stats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users/{id}/role": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set a user's role (`teacher` lets them run classes). Takes effect on their next
         *     request: their cached sessions are dropped.
         */
        put: operations["set_user_role"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assignments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["get_assignment"];
        put?: never;
        post?: never;
        delete: operations["delete_assignment"];
        options?: never;
        head?: never;
        patch: operations["update_assignment"];
        trace?: never;
    };
    "/api/v1/assignments/{id}/regrade": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The assignment's newest re-grade (404 before the first). */
        get: operations["get_regrade"];
        put?: never;
        /**
         * Starts a re-grade (202) and answers with where it stands; one already running is
         *     returned instead of starting another. With `Prefer: wait=N` the answer waits up to N
         *     seconds for the re-grade to finish (200 when it did).
         */
        post: operations["start_regrade"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/change-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the password; other sessions are signed out, this device gets fresh tokens. */
        post: operations["change_password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/forgot-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask for a password-reset mail. Always 202, registered or not. */
        post: operations["forgot_password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in; returns tokens and sets HttpOnly cookies. */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the current session; both its tokens stop working at once. */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange a refresh token (body or cookie) for a new pair; the old one is spent. */
        post: operations["refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account; a verification e-mail is sent. */
        post: operations["register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/resend-verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send the verification mail again. */
        post: operations["resend_verification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a new password with a reset token (1 h, single use); every session is revoked. */
        post: operations["reset_password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's live sessions. */
        get: operations["list_sessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of the caller's sessions (another user's id → 404). */
        delete: operations["revoke_session"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm an e-mail address with the token from the verification mail. */
        post: operations["verify_email"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/avatars/{user_id}/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An avatar image (public). File names change with every upload, so the image is
         *     cached for good.
         */
        get: operations["get_avatar"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bookmarks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's bookmarks, newest first. */
        get: operations["list_bookmarks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bookmarks/{contentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Bookmark an item (idempotent). */
        put: operations["add_bookmark"];
        post?: never;
        /** Remove a bookmark. */
        delete: operations["remove_bookmark"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/certificates/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Verify a certificate (no login). Unknown codes are a 404. */
        get: operations["verify_certificate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's classes (taught and attended), newest first. */
        get: operations["list_classes"];
        put?: never;
        /** Create a class (teachers and admins); the caller becomes its first teacher. */
        post: operations["create_class"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A class the caller is a member of; anyone else gets 404. */
        get: operations["get_class"];
        put?: never;
        post?: never;
        /**
         * Delete a class with its memberships and assignments (teachers). The students' own
         *     progress stays theirs.
         */
        delete: operations["delete_class"];
        options?: never;
        head?: never;
        /** Rename, rotate the join code, or set its expiry (teachers). */
        patch: operations["update_class"];
        trace?: never;
    };
    "/api/v1/classes/{id}/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The class's assignments by due date: all of them for teachers, the opened ones for
         *     students.
         */
        get: operations["list_assignments"];
        put?: never;
        /** Assign a lesson, an exercise or a whole module (teachers). */
        post: operations["create_assignment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/{id}/grid": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The grid of students × assignments (teachers of the class). JSON, or CSV with
         *     `Accept: text/csv` or `?format=csv`.
         */
        get: operations["get_grid"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The class's teachers and students (teachers of the class only). */
        get: operations["list_members"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/{id}/members/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * A teacher removes a member; a student removes themself (leaves). The last teacher
         *     cannot leave (409 `last_teacher`).
         */
        delete: operations["remove_member"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/{id}/review-pairs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The class's peer-review pairs (teachers). */
        get: operations["list_pairs"];
        put?: never;
        /**
         * Pair two students: the reviewer may read and comment on the reviewee's attempts at
         *     the class's assignments (teachers).
         */
        post: operations["create_pair"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/{id}/review-pairs/{reviewer_id}/{reviewee_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["delete_pair"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/{id}/stuck": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is stuck: the grid's rows with a reason, most failed attempts first. */
        get: operations["list_stuck"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/{id}/students/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One student of the class in detail (teachers of the class). */
        get: operations["get_student"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/{id}/submissions/{submission_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a student's attempt (teachers of a class whose assignments cover the item). */
        get: operations["get_class_submission"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/{id}/teachers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a co-teacher by username (they must hold the teacher role). */
        post: operations["add_teacher"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/classes/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Join a class with its code, as a student. Joining again is a 200 with no change.
         *     A wrong code is a 422 `join_code_invalid`, an expired one `join_code_expired`, both
         *     naming `code`.
         */
        post: operations["join_class"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/comments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The threads on a target, oldest first (the author, the class's teachers and paired
         *     reviewers; anyone else 404).
         */
        get: operations["list_comments"];
        put?: never;
        /**
         * Comment on lines of a student's attempt (teachers and paired reviewers), or reply to a
         *     thread (`parentId`; also the author). The other side gets a notification.
         */
        post: operations["create_comment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/comments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Resolve or reopen a thread, or edit your own comment. */
        patch: operations["update_comment"];
        trace?: never;
    };
    "/api/v1/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Filtered, paginated content. */
        get: operations["list_content"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/content/{idOrSlug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A lesson or exercise by id or slug. Never the tests' source or the reference solution. */
        get: operations["get_content"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/content/{idOrSlug}/next": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The next item in the item's track. */
        get: operations["next_content"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/content/{idOrSlug}/quiz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check quiz answers; explanations come back for each question. */
        post: operations["answer_quiz"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/content/{idOrSlug}/rating": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Rate a lesson or exercise 1–5; rating again replaces the caller's earlier rating. */
        put: operations["rate_content"];
        post?: never;
        /** Withdraw the caller's rating. */
        delete: operations["unrate_content"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Streak, counts, work in progress, recommendations, recent activity, achievements and
         *     activity charts, in the caller's time zone; and the class assignments still to do.
         */
        get: operations["get_dashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/drafts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's drafts, most recently changed first. */
        get: operations["list_drafts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/drafts/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One draft of the caller. */
        get: operations["get_draft"];
        /** Creates or replaces a draft (the last write wins). */
        put: operations["put_draft"];
        post?: never;
        /**
         * Deletes a draft (an exercise reset to its starter code, a project file's edits
         *     discarded). Saving a project file deletes its draft by itself.
         */
        delete: operations["delete_draft"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/executions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's runs, newest first. */
        get: operations["list_executions"];
        put?: never;
        /** Run a program in the sandbox. */
        post: operations["create_execution"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/executions/interactive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Run a program interactively over a WebSocket.
         * @description Upgrade this GET to a WebSocket (cookie or bearer authentication, as the other execution
         *     routes; a cookie caller must be same-origin). Then send one `start` message, any number of
         *     `stdin` messages and perhaps a `stop`; receive `stdout`/`stderr` frames as the program
         *     writes and one `exit` frame with the stored result, or `error` frames. The run takes the
         *     same per-user rate budget and queue place as `POST /api/v1/executions` and holds its slot
         *     while the program runs. See `docs/interactive.md`.
         */
        get: operations["interactive_execution"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exercises/{idOrSlug}/submissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's attempts at an exercise, newest first. */
        get: operations["list_submissions"];
        put?: never;
        /** Grade code against the exercise's tests; passing completes the exercise. */
        post: operations["submit_exercise"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send feedback to the operators. */
        post: operations["create_feedback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/languages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Languages and whether this server can run them. */
        get: operations["list_languages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's account. */
        get: operations["get_me"];
        put?: never;
        post?: never;
        /**
         * Delete the account, confirmed with its password: sign-in is refused and the profile
         *     disappears at once; the data is purged after 30 days. A missing or wrong password is
         *     422 naming `password`, and nothing is deleted.
         */
        delete: operations["delete_me"];
        options?: never;
        head?: never;
        /** Edit profile fields. */
        patch: operations["update_me"];
        trace?: never;
    };
    "/api/v1/me/analytics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's learning analytics. */
        get: operations["get_analytics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's assignments across their classes (opened ones), by due date. */
        get: operations["my_assignments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/avatar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Upload an avatar: a PNG, JPEG or WebP image of at most 2 MB, as the `avatar` field
         *     of a multipart form or as the raw body. It is cropped to a square and stored as a
         *     256×256 PNG; `avatarUrl` in the answer points at it.
         */
        put: operations["upload_avatar"];
        post?: never;
        /** Remove the avatar. */
        delete: operations["delete_avatar"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/certificates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's certificates, newest first. */
        get: operations["list_certificates"];
        put?: never;
        /**
         * Claim the certificate of a finished track: 201 when issued now, 200 with the same
         *     certificate when the caller already has it. An unfinished track is a 422 naming
         *     `track` that says what is left (code `track_incomplete`).
         */
        post: operations["claim_certificate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download everything stored about the caller as a zip: `profile.json`,
         *     `progress.json`, `submissions.json`, `executions.json`, `tutor/conversations.json`,
         *     and `projects/<title>/…` with each project's files and `versions.json`.
         */
        get: operations["export_data"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/teacher": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make the caller a teacher, where the operator allows it (`--teacher-self-service`);
         *     otherwise 403 `teacher_self_service_off`.
         */
        post: operations["become_teacher"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's notifications, newest first, and how many are unread. */
        get: operations["list_notifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many notifications are unread (the shell's badge). */
        get: operations["count_notifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark notifications read: the given ids, or all. */
        post: operations["read_notifications"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's progress on every item started. */
        get: operations["list_progress"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/progress/{contentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Record reading progress and time spent (monotonic; completion is never undone). */
        put: operations["update_progress"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/progress/{contentId}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a lesson complete. Exercises complete by passing their tests. */
        post: operations["complete_content"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/progress/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's totals: completions by type and track, time, submissions, pass rate. */
        get: operations["get_progress_stats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's projects (not those in the trash), most recently active first. */
        get: operations["list_projects"];
        put?: never;
        /** Create a project, empty or from a template. */
        post: operations["create_project"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of the caller's projects. */
        get: operations["get_project"];
        put?: never;
        post?: never;
        /** Move a project to the trash (purged after 30 days; `POST …/restore` brings it back). */
        delete: operations["delete_project"];
        options?: never;
        head?: never;
        /** Change a project's title, description, stack, visibility, entry or language. */
        patch: operations["update_project"];
        trace?: never;
    };
    "/api/v1/projects/{id}/collaborators": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who besides the owner may open the project (anyone who may open it may ask). */
        get: operations["list_collaborators"];
        put?: never;
        /** Invite a user by username as editor or viewer, or change their role (owner only). */
        post: operations["add_collaborator"];
        /** Revoke a collaborator (owner only); their open sockets close at once. */
        delete: operations["remove_collaborator"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's files as a zip download. */
        get: operations["export_project"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The file tree: every file by path, without content. */
        get: operations["list_files"];
        put?: never;
        /** Add a file (its version 1). */
        post: operations["create_file"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/files/{fileId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A file with its content. */
        get: operations["get_file"];
        /** Save a file: the content becomes the next version (the newest 10 are kept). */
        put: operations["save_file"];
        post?: never;
        /** Delete a file and its versions. */
        delete: operations["delete_file"];
        options?: never;
        head?: never;
        /** Rename or move a file. */
        patch: operations["rename_file"];
        trace?: never;
    };
    "/api/v1/projects/{id}/files/{fileId}/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Edit a project file together.
         * @description Upgrade this GET to a WebSocket (cookie or bearer authentication; a cookie caller must
         *     be same-origin). Binary frames carry y-protocols messages: sync step 1/2 and updates
         *     of the document's `Y.Text` named `content`, and awareness (presence). The owner and
         *     editors may send updates; a viewer's update is answered with a permission-denied auth
         *     message and dropped. Close codes: 1008 `access_revoked` / `rate_limited`, 1007
         *     `malformed_update`, 1009 `file_too_large`, 1011 on a server failure.
         */
        get: operations["live_file"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/files/{fileId}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A file's kept versions, newest first (without content). */
        get: operations["list_versions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/files/{fileId}/versions/{versionNumber}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version with its content. */
        get: operations["get_version"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/files/{fileId}/versions/{versionNumber}/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A unified diff between two kept versions. */
        get: operations["diff_version"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/files/{fileId}/versions/{versionNumber}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore a version: its content is saved as a new version (so this can be undone). */
        post: operations["restore_version"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Take a project out of the trash. */
        post: operations["restore_project"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the project in the sandbox from its entry (or `entry`). */
        post: operations["run_project"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/share": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a read-only share link (a new token each time; the old one stops working). */
        post: operations["share_project"];
        /** Revoke the share link. */
        delete: operations["unshare_project"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a project from a zip: `multipart/form-data` with the archive in the field `file`
         *     (and an optional `title` field), or the archive itself as the body with
         *     `Content-Type: application/zip` (title in `?title=`). At most 200 files, 1 MB each and
         *     20 MB in all (counted while inflating); paths must be relative without `..`; symbolic
         *     links and non-UTF-8 files are refused; a single folder wrapping everything is removed.
         */
        post: operations["import_project"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/trash": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Projects in the trash, with when each is purged (30 days after deletion). */
        get: operations["list_trash"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recommendations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What to learn next, each with the reason it is suggested. */
        get: operations["list_recommendations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Full-text search of lessons and exercises, best match first; tolerates typos. */
        get: operations["search_content"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shared/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A shared project, read-only, with its author and every file's content. No login
         *     needed; a revoked or unknown token, a project in the trash or a deleted account's
         *     project is 404.
         */
        get: operations["get_shared"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shared/{token}/copy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Copy a shared project into a new private project of the caller, with every file
         *     (each at version 1). The caller's limits apply as to any project they create; a
         *     revoked or unknown token, a trashed project or a deleted account is 404.
         */
        post: operations["copy_shared"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/submissions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An attempt, for whoever may read its threads (its author, the class's teachers,
         *     paired reviewers).
         */
        get: operations["get_submission"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Starter projects to create from (`templateId`). */
        get: operations["list_templates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tracks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every track with the caller's completion counts. */
        get: operations["list_tracks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tracks/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A track's modules and items in path order, with progress and locks. */
        get: operations["get_track"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tutor/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your conversations, most recent first. */
        get: operations["list_conversations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tutor/conversations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One conversation with its messages (another learner's id → 404). */
        get: operations["get_conversation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tutor/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask the tutor. With `Accept: text/event-stream` the answer streams as `delta` events
         *     `{text}` and ends with `done` `{conversationId, messageId, tokensUsed, provider}`.
         */
        post: operations["send_message"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tutor/messages/{id}/rating": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rate one of your tutor's answers (1–5). */
        post: operations["rate_message"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tutor/suggestions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Questions worth asking, from your recent errors and what you are learning. */
        get: operations["list_suggestions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A learner's public profile. */
        get: operations["get_profile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{username}/projects/{project_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A public project of a public profile, with its files (no login needed). */
        get: operations["get_showcase"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{username}/projects/{project_id}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a public project as its owner published it, for any visitor. Limited per
         *     client address; the run is not recorded in anyone's history.
         */
        post: operations["run_showcase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/lti/deep-link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The picker's choice: answers with a page that posts the signed LtiDeepLinkingResponse
         *     to the platform's return URL.
         */
        post: operations["deep_link_return"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/lti/jwks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Codestead's public keys, for the platform to verify deep-linking responses and AGS
         *     client assertions.
         */
        get: operations["get_jwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/lti/launch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The launch (the platform's form post of the `id_token`): a resource link signs the
         *     learner in and lands them on the item; a deep-linking request shows the picker.
         */
        post: operations["launch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/lti/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** OIDC third-party login initiation (LTI Core §5.1.1), as a GET. */
        get: operations["login_get"];
        put?: never;
        /** OIDC third-party login initiation, as a form POST. */
        post: operations["login_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AchievementDto: {
            description: string;
            /** Format: date-time */
            earnedAt?: string | null;
            icon: string;
            id: string;
            title: string;
        };
        ActivityDto: {
            /** Format: date-time */
            at: string;
            item?: components["schemas"]["ItemRef"] | null;
            /** @description `completed`, `submitted` or `ran`. */
            kind: string;
            language?: string | null;
            passed?: boolean | null;
        };
        AddCollaboratorRequest: {
            /** @description `editor` (may type) or `viewer` (follows read-only). */
            role: string;
            username: string;
        };
        AddTeacherRequest: {
            /** @description A user who holds the teacher role. */
            username: string;
        };
        AnalyticsDto: {
            completions: components["schemas"]["CompletionsDto"];
            /** @description Runs per language and outcome. */
            runs: components["schemas"]["RunCountDto"][];
            /**
             * Format: int64
             * @description Time spent on lessons and exercises, as reported by the app.
             */
            timeSpentSeconds: number;
            tutor: components["schemas"]["TutorUseDto"];
        };
        AssignmentDto: {
            /** @description Language ids; empty means any. */
            allowedLanguages: string[];
            /** @description Work finished after the due date counts (marked late). When false it does not count. */
            allowLate: boolean;
            /** Format: uuid */
            classId: string;
            /** @description The content items it covers, in order (their ids). */
            contentIds: string[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            dueAt?: string | null;
            /** @description The slug of the first item, for a link to it. */
            firstItemSlug?: string | null;
            /** Format: uuid */
            id: string;
            /** @description `item` (a lesson or an exercise) or `module`. */
            kind: string;
            /** Format: date-time */
            opensAt?: string | null;
            /** @description The item's permanent id, or the module's slug. */
            target: string;
            title: string;
            /** Format: date-time */
            updatedAt: string;
        };
        AttemptDto: {
            code: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            passed: boolean;
            tests: components["schemas"]["TestResultDto"][];
        };
        BookmarkDto: {
            /** Format: date-time */
            createdAt: string;
            item: components["schemas"]["ItemSummary"];
        };
        CategorySkillDto: {
            category: string;
            completed: number;
        };
        CellDto: {
            /** Format: uuid */
            assignmentId: string;
            /** Format: int64 */
            attempts: number;
            /** Format: date-time */
            completedAt?: string | null;
            completedItems: number;
            /** Format: int64 */
            failedAttempts: number;
            /** Format: date-time */
            lastActivityAt?: string | null;
            late: boolean;
            status: components["schemas"]["CellStatus"];
            /** Format: int64 */
            timeSpentSeconds: number;
        };
        /** @enum {string} */
        CellStatus: "done" | "in_progress" | "failing" | "not_started";
        CertificateClaimRequest: {
            /** @description The track's slug. */
            track: string;
        };
        /** @description One of the caller's certificates. */
        CertificateDto: {
            /** @description The verification code. */
            code: string;
            /**
             * Format: date-time
             * @description When the last item of the track was completed.
             */
            completedAt: string;
            /** Format: date-time */
            issuedAt: string;
            /** @description The name on the certificate (the learner's, when it was issued). */
            learnerName: string;
            /** @description The track's slug. */
            track: string;
            trackTitle: string;
            /** @description The web page anyone can open to check it: `/certificates/{code}`. */
            url: string;
        };
        /** @description What anyone holding the code may see. */
        CertificateVerificationDto: {
            code: string;
            /** Format: date-time */
            completedAt?: string | null;
            /** Format: date-time */
            issuedAt?: string | null;
            learnerName?: string | null;
            trackTitle?: string | null;
            /** @description False once the learner's account is deleted; the other fields are then null. */
            valid: boolean;
        };
        ChangePasswordRequest: {
            currentPassword: string;
            newPassword: string;
        };
        /** @description A class as one of its members sees it; the join code only for its teachers. */
        ClassDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            /** @description Teachers only. */
            joinCode?: string | null;
            /** Format: date-time */
            joinCodeExpiresAt?: string | null;
            /** @description Teachers only: the page a student opens to join (`/classes/join?code=…`). */
            joinUrl?: string | null;
            name: string;
            /** @description The caller's place in it: `teacher` or `student`. */
            role: string;
            /** Format: int64 */
            students: number;
            teachers: components["schemas"]["MemberDto"][];
        };
        /** @description Someone the owner let into the project. */
        CollaboratorDto: {
            /** Format: date-time */
            addedAt: string;
            name: string;
            /** @description `editor` or `viewer`. */
            role: string;
            username: string;
        };
        CommentDto: {
            /** Format: uuid */
            authorId: string;
            authorUsername: string;
            body: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: int32 */
            endLine: number;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            parentId?: string | null;
            resolved: boolean;
            /** Format: date-time */
            resolvedAt?: string | null;
            /** Format: int32 */
            startLine: number;
            /** @description `submission:<id>`. */
            target: string;
            /** Format: date-time */
            updatedAt: string;
        };
        CompletionsDto: {
            /** @description The last 30 days, oldest first. */
            perDay: components["schemas"]["DayCountDto"][];
            /** Format: int64 */
            total: number;
        };
        CompletionStatsDto: {
            /** @description The last 30 days, one entry per day, oldest first. */
            perDay: components["schemas"]["DayCountDto"][];
            /** Format: int64 */
            total: number;
        };
        ContentDetail: components["schemas"]["ItemSummary"] & {
            /** @description Markdown. */
            body: string;
            bookmarked: boolean;
            hints?: string[] | null;
            /**
             * Format: int32
             * @description The caller's own rating, 1–5; null when anonymous or not rated.
             */
            myRating?: number | null;
            prerequisites: string[];
            quiz: components["schemas"]["QuizQuestionDto"][];
            runLayout?: components["schemas"]["RunLayoutDto"] | null;
            /** @description For exercises: `{language: source}`. */
            starterCode?: {
                [key: string]: string;
            } | null;
            /** @description For exercises: the names of the tests (never their inputs). */
            testNames?: string[] | null;
        };
        ContentPage: {
            items: components["schemas"]["ItemSummary"][];
            page: number;
            perPage: number;
            total: number;
        };
        /** @description The caller's rating and the item's figures after it. */
        ContentRatingDto: {
            /** Format: double */
            averageRating?: number | null;
            /** Format: uuid */
            contentId: string;
            /**
             * Format: int32
             * @description Null once withdrawn.
             */
            myRating?: number | null;
            /** Format: int64 */
            ratingCount: number;
        };
        ContentRatingRequest: {
            /**
             * Format: int32
             * @description A whole number from 1 to 5.
             */
            rating: number;
        };
        ConversationDetail: components["schemas"]["ConversationSummary"] & {
            messages: components["schemas"]["TutorMessageDto"][];
        };
        ConversationSummary: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            language?: string | null;
            title: string;
            /** Format: date-time */
            updatedAt: string;
        };
        CrashDto: {
            /** @description The exception or sanitizer report, `Type: message`. */
            exception?: string | null;
            file?: string | null;
            function?: string | null;
            /**
             * @description `segmentation_fault`, `null_dereference`, `index_out_of_range`, `division_by_zero`,
             *     `stack_overflow`, `use_after_free`, `undefined_behavior`, `abort`, `bus_error`,
             *     `illegal_instruction`, `syntax_error`, `uncaught_exception` or `signal`.
             */
            kind: string;
            /** Format: int32 */
            line?: number | null;
            /** @description For the learner: "crashed: segmentation fault on line 11". */
            message: string;
            /** Format: int32 */
            signal?: number | null;
        };
        CreateAssignmentRequest: {
            allowedLanguages?: string[];
            /** @description Default true: late work is marked, not refused. */
            allowLate?: boolean;
            /** Format: date-time */
            dueAt?: string | null;
            /** @description `item` (a lesson or an exercise) or `module`. */
            kind: string;
            /** Format: date-time */
            opensAt?: string | null;
            /** @description An item's id or slug, or a module's slug. */
            target: string;
            /** @description Defaults to the item's or module's title. */
            title?: string | null;
        };
        CreateClassRequest: {
            /**
             * Format: date-time
             * @description When the join code stops working; none = never.
             */
            joinCodeExpiresAt?: string | null;
            name: string;
        };
        CreateCommentRequest: {
            body: string;
            /** Format: int32 */
            endLine?: number;
            /**
             * Format: uuid
             * @description Reply to this thread.
             */
            parentId?: string | null;
            /**
             * Format: int32
             * @description First line (1-based); a reply takes its thread's lines.
             */
            startLine?: number;
            /** @description `submission:<id>`. */
            target: string;
        };
        CreateFileRequest: {
            /** @description UTF-8 text, at most 1 MB (413 `file_too_large`). */
            content?: string;
            /** @description Relative, `/`-separated; no `..`, no leading `/`, no `\`, at most 255 characters. */
            path: string;
        };
        CreatePairRequest: {
            /** Format: uuid */
            revieweeId: string;
            /** Format: uuid */
            reviewerId: string;
        };
        CreatePlatformRequest: {
            /** @description The platform's OIDC authorization endpoint. */
            authUrl: string;
            /** @description The client id the platform gave Codestead. */
            clientId: string;
            deploymentIds: string[];
            /** @description The platform's `iss` (Moodle: its site URL; Canvas: `https://canvas.instructure.com`). */
            issuer: string;
            /** @description The platform's public keys. */
            jwksUrl: string;
            /** @description Shown to administrators; default: the issuer. */
            name?: string | null;
            /** @description The platform's OAuth 2 token endpoint (for AGS). */
            tokenUrl: string;
        };
        CreateProjectRequest: {
            description?: string | null;
            /** @description Publishing needs a verified e-mail address (403 `email_unverified`). */
            isPublic?: boolean | null;
            /** @description A list of strings, or one comma-separated string. */
            technologyStack?: string[] | null;
            /** @description One of `GET /templates`; none: an empty project. */
            templateId?: string | null;
            title: string;
        };
        Dashboard: {
            /** @description Earned achievements, oldest first. */
            achievements: components["schemas"]["AchievementDto"][];
            /** Format: int64 */
            completedCount: number;
            /** @description Started and not completed, most recently touched first (at most 5). */
            inProgress: components["schemas"]["InProgressDto"][];
            /** @description Completions per local day over the last 30 days, oldest first. */
            progressOverTime: components["schemas"]["DayCompletions"][];
            /** @description The newest completions, submissions and runs (at most 10). */
            recentActivity: components["schemas"]["ActivityDto"][];
            /** @description The top recommendations (at most 3). */
            recommended: components["schemas"]["Recommendation"][];
            streak: components["schemas"]["Streak"];
            /** @description The IANA zone the days are counted in. */
            timezone: string;
            /** @description The last 7 local days, oldest first, today last. */
            weeklyActivity: components["schemas"]["DayActivity"][];
        };
        /** @description The dashboard and, beside it, the caller's class assignments still to do. */
        DashboardResponse: components["schemas"]["Dashboard"] & {
            /**
             * @description Assignments of the caller's classes not done yet (opened ones), soonest due first.
             *     Not cached with the rest: a teacher's new assignment shows at once.
             */
            assignments: components["schemas"]["MyAssignmentDto"][];
        };
        DayActivity: {
            /** Format: int64 */
            completions: number;
            /**
             * Format: date
             * @description The learner's local date.
             */
            date: string;
            /** Format: int64 */
            runs: number;
            /** Format: int64 */
            submissions: number;
        };
        DayCompletions: {
            /** Format: int64 */
            completed: number;
            /** Format: date */
            date: string;
        };
        DayCountDto: {
            /** Format: int64 */
            count: number;
            /** @description `YYYY-MM-DD` (UTC). */
            date: string;
        };
        /**
         * @description Deleting the account needs the password again: a session left open on a shared
         *     computer must not be enough to erase someone's work.
         */
        DeleteMeRequest: {
            /** @description The account's current password. */
            password: string;
        };
        /** @description Why the program did not run at all, said once instead of under every test. */
        DidNotRunDto: {
            /** @description The error's first line, as the compiler or runtime wrote it. */
            error: string;
            /**
             * Format: int32
             * @description 1-based line in the learner's code, when the error is there.
             */
            line?: number | null;
            /** @description "Your program did not run: it has a syntax error on line 3, …". */
            message: string;
            /** @description `compile_error` or `syntax_error`. */
            reason: string;
        };
        DiffDto: {
            /**
             * Format: int32
             * @description The version compared against (0: the empty file).
             */
            against: number;
            /** @description A unified diff from `against` to `versionNumber` (empty when equal). */
            diff: string;
            /** Format: int32 */
            versionNumber: number;
        };
        DraftDto: {
            code: string;
            key: string;
            language: string;
            /** Format: date-time */
            updatedAt: string;
        };
        DraftRequest: {
            /**
             * @description At most 65536 bytes (the bound on the code of one run); a project file's draft
             *     at most 262144 bytes.
             */
            code: string;
            /**
             * @description `python`, `javascript`, `java` or `cpp`; for a project file's draft also `text`
             *     (a README, a data file).
             */
            language: string;
        };
        /**
         * @description Every machine-readable `code` a problem response may carry. Clients match on
         *     these (the web app gets them as a typed union); a code, once shipped, keeps
         *     its spelling.
         * @enum {string}
         */
        ErrorCode: "validation_failed" | "not_found" | "conflict" | "email_taken" | "internal_error" | "database_unavailable" | "storage_unavailable" | "unauthenticated" | "admin_only" | "malformed_json" | "malformed_multipart" | "malformed_form" | "unreadable_body" | "unsupported_media_type" | "payload_too_large" | "method_not_allowed" | "request_timeout" | "bad_request" | "request_rejected" | "csrf_rejected" | "rate_limited" | "not_ready" | "account_deleted" | "account_locked" | "already_verified" | "busy" | "invalid_credentials" | "invalid_token" | "refresh_token_reused" | "session_revoked" | "token_expired" | "email_unverified" | "draft_limit" | "end_of_track" | "exercise_needs_submission" | "file_too_large" | "image_too_large" | "unsupported_image" | "invalid_zip" | "path_taken" | "too_many_files" | "quota_exceeded" | "storage_quota_exceeded" | "project_too_large" | "track_incomplete" | "not_owner" | "unknown_user" | "language_unavailable" | "queue_full" | "queue_timeout" | "sandbox_unavailable" | "start_timeout" | "websocket_required" | "closed" | "class_teacher_only" | "join_code_expired" | "join_code_invalid" | "last_teacher" | "teacher_only" | "teacher_self_service_off" | "lti_invalid_claim" | "lti_invalid_signature" | "lti_nonce_mismatch" | "lti_nonce_replayed" | "lti_not_instructor" | "lti_platform_taken" | "lti_platform_unavailable" | "lti_state_mismatch" | "lti_token_expired" | "lti_unknown_content" | "lti_unknown_deployment" | "lti_unknown_platform" | "lti_wrong_audience";
        ExecutionRequest: {
            /** @description A single-file program (the language's default file name). */
            code?: string | null;
            entry?: string | null;
            /** @description A multi-file program. */
            files?: components["schemas"]["FileDto"][] | null;
            /** @description `python`, `javascript`, `java` or `cpp`. */
            language: string;
            /**
             * Format: uuid
             * @description Without `code`/`files`: run this project's files; with them: file the run under it.
             */
            projectId?: string | null;
            stdin?: string | null;
            /** @description Record an execution trace (Python and JavaScript; Java and C++ run normally, without one). */
            trace?: boolean | null;
        };
        /** @description The run request of a start message (as `POST /api/v1/executions`). */
        ExecutionRequestSchema: {
            code?: string | null;
            entry?: string | null;
            files?: components["schemas"]["FileDto"][] | null;
            language: string;
            /** Format: uuid */
            projectId?: string | null;
            /** @description Pre-filled input, sent to the program before anything typed (at most 64 KiB). */
            stdin?: string | null;
        };
        ExecutionResponse: {
            cached: boolean;
            compileOutput?: string | null;
            /** Format: int64 */
            cpuTimeMs: number;
            crash?: components["schemas"]["CrashDto"] | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: int64 */
            executionTimeMs: number;
            /** Format: int32 */
            exitCode?: number | null;
            /** Format: uuid */
            id: string;
            language: string;
            /** Format: int64 */
            memoryBytes: number;
            /** Format: int32 */
            signal?: number | null;
            /** @description `ok`, `compile_error`, `runtime_error`, `timeout`, `memory_limit`, `output_limit`, `internal_error`. */
            status: string;
            stderr: string;
            stdout: string;
            trace?: components["schemas"]["TraceDto"] | null;
        };
        /** @description A failing test as the client sends it: its message alone, or its name and message. */
        FailingTestDto: string | {
            message?: string | null;
            name?: string | null;
        };
        FeedbackDto: {
            adminNote?: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            kind: string;
            message: string;
            page?: string | null;
            /**
             * Format: int32
             * @description 1 to 5, when the author gave one.
             */
            rating?: number | null;
            relatedEntity?: components["schemas"]["RelatedEntityDto"] | null;
            /** @description `new`, `triaged`, `planned`, `done` or `wontfix`. */
            status: string;
            /** Format: date-time */
            updatedAt: string;
            /**
             * Format: uuid
             * @description The author; null once their account is purged.
             */
            userId?: string | null;
        };
        FeedbackPage: {
            items: components["schemas"]["FeedbackDto"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            perPage: number;
            /** Format: int64 */
            total: number;
        };
        /** @description Absent fields stay; an empty `adminNote` clears the note. */
        FeedbackPatchRequest: {
            adminNote?: string | null;
            status?: string | null;
        };
        FeedbackRequest: {
            /** @description `bug`, `idea`, `content` or `other`. */
            kind: string;
            /** @description 1 to 5000 characters (not only white space). */
            message: string;
            /** @description The app page or URL the feedback is about. */
            page?: string | null;
            /**
             * Format: int32
             * @description 1 to 5.
             */
            rating?: number | null;
            relatedEntity?: components["schemas"]["RelatedEntityRequest"] | null;
        };
        FileDto: {
            content: string;
            path: string;
        };
        ForgotPasswordRequest: {
            email: string;
        };
        GridAssignmentDto: {
            /** Format: date-time */
            dueAt?: string | null;
            /** Format: uuid */
            id: string;
            kind: string;
            title: string;
            totalItems: number;
        };
        GridDto: {
            assignments: components["schemas"]["GridAssignmentDto"][];
            rows: components["schemas"]["GridRowDto"][];
        };
        GridRowDto: {
            /** @description One per assignment, in the grid's assignment order. */
            cells: components["schemas"]["CellDto"][];
            done: number;
            /** Format: date-time */
            lastActivityAt?: string | null;
            stuck?: components["schemas"]["StuckDto"] | null;
            student: components["schemas"]["MemberDto"];
        };
        InProgressDto: components["schemas"]["ItemRef"] & {
            /** Format: int32 */
            progressPercentage: number;
            /** Format: date-time */
            updatedAt: string;
        };
        /**
         * @description Server → client: a problem, as in problem details (`code` stable, `fields` naming bad
         *     fields). Before the run starts it is the last frame (close code 1008); a bad message during
         *     the run stops the program, whose `exit` frame follows.
         */
        InteractiveErrorFrame: {
            code: string;
            detail: string;
            fields?: {
                [key: string]: string;
            } | null;
            /**
             * Format: int64
             * @description For `rate_limited` and `queue_full`: when to try again.
             */
            retryAfterSecs?: number | null;
            /**
             * Format: int32
             * @description The HTTP status the same problem would have.
             */
            status: number;
            /** @description `error`. */
            type: string;
        };
        /**
         * @description Server → client, last: the run's result, as `POST /api/v1/executions` returns it and as
         *     stored in the history; then the server closes the socket (code 1000).
         */
        InteractiveExitFrame: components["schemas"]["ExecutionResponse"] & {
            /** @description The learner stopped the run (or left); the program did not end by itself. */
            stopped: boolean;
            /** @description `exit`. */
            type: string;
        };
        /**
         * @description Server → client: output as the program writes it (`type` is `stdout` or `stderr`), at
         *     most 8 KiB of whole UTF-8 characters a frame.
         */
        InteractiveOutputFrame: {
            data: string;
            type: string;
        };
        /**
         * @description Client → server, first and once: what to run. The fields of `POST /api/v1/executions`
         *     (without `trace`), plus `type`.
         */
        InteractiveStartMessage: components["schemas"]["ExecutionRequestSchema"] & {
            /** @description `start`. */
            type: string;
        };
        /** @description Client → server: input for the program (at most 64 KiB a message, 1 MiB a run). */
        InteractiveStdinMessage: {
            /** @description Sent as is: a line typed by the learner ends in `\n`. */
            data: string;
            /** @description Close the program's stdin after `data` (it then reads end-of-file). */
            eof?: boolean;
            /** @description `stdin`. */
            type: string;
        };
        /** @description Client → server: kill the program now. The run ends with an `exit` frame (`stopped: true`). */
        InteractiveStopMessage: {
            /** @description `stop`. */
            type: string;
        };
        ItemRef: {
            category: string;
            difficulty: string;
            /** Format: int32 */
            estimatedMinutes: number;
            /** Format: uuid */
            id: string;
            slug: string;
            title: string;
            track: string;
            type: string;
        };
        ItemSummary: {
            /**
             * Format: double
             * @description The mean of the learners' 1–5 ratings; null while nobody rated it (shown from the
             *     first rating, always with `ratingCount` beside it).
             */
            averageRating?: number | null;
            category: string;
            completed: boolean;
            difficulty: string;
            /** Format: int32 */
            estimatedMinutes: number;
            /** Format: uuid */
            id: string;
            /** @description A prerequisite is not completed yet. */
            locked: boolean;
            /** @description Slugs of the prerequisites still to complete. */
            missingPrerequisites: string[];
            /**
             * Format: int32
             * @description The caller's progress (0 when anonymous or not started).
             */
            progressPercentage: number;
            /** Format: int64 */
            ratingCount: number;
            slug: string;
            tags: string[];
            title: string;
            track: string;
            type: string;
            /**
             * Format: int64
             * @description Signed-in learners who opened it, once per learner and UTC day.
             */
            viewCount: number;
        };
        JoinClassRequest: {
            /** @description The class's join code (case and dashes do not matter). */
            code: string;
        };
        LanguageDto: {
            available: boolean;
            id: string;
            /**
             * @description How programs are isolated: `strict`, `insecure` (the server runs with
             *     `--sandbox-insecure` on a machine that cannot isolate fully) or `unavailable`.
             */
            isolation: string;
            name: string;
            version: string;
        };
        LanguageSkillDto: {
            language: string;
            /** @description Public projects in this language. */
            projects: number;
            /**
             * Format: int64
             * @description Programs run in this language.
             */
            runs: number;
        };
        LinkDto: {
            /** @description `github` or `linkedin`. */
            kind: string;
            url: string;
        };
        LoginRequest: {
            email: string;
            password: string;
        };
        LoginResponse: {
            accessToken: string;
            /** Format: date-time */
            accessTokenExpiresAt: string;
            refreshToken: string;
            /** Format: date-time */
            refreshTokenExpiresAt: string;
            /** Format: uuid */
            sessionId: string;
            user: components["schemas"]["UserDto"];
        };
        MemberDto: {
            /** Format: date-time */
            joinedAt: string;
            name: string;
            role: string;
            /** Format: uuid */
            userId: string;
            username: string;
        };
        ModuleDto: {
            items: components["schemas"]["ItemSummary"][];
            slug: string;
            title: string;
        };
        /** @description One of the caller's assignments with where they stand. */
        MyAssignmentDto: components["schemas"]["AssignmentDto"] & {
            className: string;
            completedItems: number;
            late: boolean;
            status: components["schemas"]["CellStatus"];
            totalItems: number;
        };
        NotificationDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            /** @description `review_comment`. */
            kind: string;
            /** @description The web page to open, e.g. `/review/submission:<id>`. */
            link: string;
            message: string;
            read: boolean;
        };
        NotificationsDto: {
            /** @description The newest 50. */
            items: components["schemas"]["NotificationDto"][];
            /** Format: int64 */
            unread: number;
        };
        OutboxDto: {
            /** @description Newest first. */
            items: components["schemas"]["OutboxMailDto"][];
            /** @description `outbox` (mail is written to files, listed here) or `smtp` (sent; nothing kept). */
            mode: string;
        };
        OutboxMailDto: {
            /** @description The text part. */
            body: string;
            /** Format: date-time */
            createdAt: string;
            /** @description The file name in the outbox directory. */
            id: string;
            subject: string;
            to: string;
        };
        PlatformDto: {
            authUrl: string;
            clientId: string;
            /** Format: date-time */
            createdAt: string;
            deploymentIds: string[];
            /** Format: uuid */
            id: string;
            issuer: string;
            jwksUrl: string;
            name: string;
            tokenUrl: string;
        };
        /** @description Problem details as sent on the wire. */
        Problem: {
            /** @description Stable machine-readable code, e.g. `validation_failed`, `invalid_credentials`. */
            code: components["schemas"]["ErrorCode"];
            detail: string;
            /** @description For validation errors: field name (camelCase, dotted for nesting) → message. */
            fields?: {
                [key: string]: string;
            } | null;
            requestId?: string | null;
            /** Format: int32 */
            status: number;
            title: string;
            /** @description A URI naming the problem type (`about:blank` style, stable per `code`). */
            type: string;
        };
        ProfileDto: {
            /** @description Earned achievements only. */
            achievements: components["schemas"]["AchievementDto"][];
            /**
             * @description The last 365 days of activity (runs, graded attempts, completions); days without
             *     activity are left out.
             */
            activity: components["schemas"]["DayCountDto"][];
            avatarUrl?: string | null;
            bio?: string | null;
            links: components["schemas"]["LinkDto"][];
            /** @description First and last name. */
            name: string;
            /** @description Public projects only, most recently updated first. */
            projects: components["schemas"]["ProfileProjectDto"][];
            skills: components["schemas"]["SkillsDto"];
            username: string;
        };
        /** @description A public project as listed on its owner's profile. */
        ProfileProjectDto: {
            description?: string | null;
            /** Format: int32 */
            fileCount: number;
            /** Format: uuid */
            id: string;
            /** @description `python`, `javascript`, `java` or `cpp`, when known. */
            language?: string | null;
            /** Format: int64 */
            lineCount: number;
            technologyStack: string[];
            title: string;
            /** Format: date-time */
            updatedAt: string;
        };
        ProgressDto: {
            /** Format: date-time */
            completedAt?: string | null;
            /** Format: uuid */
            contentId: string;
            /** Format: int32 */
            progressPercentage: number;
            slug: string;
            /** Format: int64 */
            timeSpentSeconds: number;
            /** Format: date-time */
            updatedAt: string;
        };
        ProgressRequest: {
            /** Format: int32 */
            progressPercentage: number;
            /**
             * Format: int64
             * @description Total seconds spent on the item so far (the larger of stored and sent is kept).
             */
            timeSpentSeconds: number;
        };
        ProjectDto: {
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description Set for projects in the trash.
             */
            deletedAt?: string | null;
            description?: string | null;
            /** @description The file a run starts from (unless the run names another). */
            entryPath?: string | null;
            /** Format: int32 */
            fileCount: number;
            /** Format: uuid */
            id: string;
            isPublic: boolean;
            /** @description `python`, `javascript`, `java` or `cpp`; from the template or the first source file. */
            language?: string | null;
            /** Format: date-time */
            lastActivityAt: string;
            /** Format: int64 */
            lineCount: number;
            /**
             * Format: date-time
             * @description When a trashed project is deleted for good.
             */
            purgeAt?: string | null;
            /**
             * @description Set on a project someone else owns and shared with the caller: `editor` or
             *     `viewer` (see `docs/collaboration.md`).
             */
            sharedRole?: string | null;
            /** @description The active share link (`/s/{token}`), owner's view only. */
            shareUrl?: string | null;
            technologyStack: string[];
            templateId?: string | null;
            title: string;
            /** Format: int64 */
            totalBytes: number;
            /** Format: date-time */
            updatedAt: string;
        };
        ProjectFileDto: {
            /** @description Present when a single file (or a shared project) is read. */
            content?: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            /** Format: int64 */
            lineCount: number;
            /** @description Relative, `/`-separated, normalised. */
            path: string;
            /** Format: int64 */
            sizeBytes: number;
            /** Format: date-time */
            updatedAt: string;
            /**
             * Format: int32
             * @description Number of the newest version (the current content).
             */
            version: number;
        };
        QuizFeedbackDto: {
            correct: boolean;
            explanation: string;
        };
        QuizQuestionDto: {
            options: string[];
            question: string;
        };
        QuizRequest: {
            /** @description The chosen option per question, in order. */
            answers: number[];
        };
        RatingRequest: {
            feedback?: string | null;
            /** Format: int32 */
            rating: number;
        };
        ReadNotificationsRequest: {
            /** @description These (the caller's own; others match nothing); absent: all. */
            ids?: string[] | null;
        };
        Recommendation: components["schemas"]["ItemRef"] & {
            /** @description Why this item, in words for the learner. */
            reason: string;
            /** @description `next_in_track`, `similar_learners` or `skill_level`. */
            source: string;
        };
        RefreshRequest: {
            /** @description Optional when the refresh cookie is sent. */
            refreshToken?: string | null;
        };
        RegisterRequest: {
            /** @example ada@example.org */
            email: string;
            firstName: string;
            lastName: string;
            password: string;
            username?: string | null;
        };
        RegisterResponse: {
            user: components["schemas"]["UserDto"];
        };
        /** @description A re-grade of an assignment for the whole class, and where it stands. */
        RegradeDto: {
            /** Format: uuid */
            assignmentId: string;
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: int32
             * @description Attempts that could not be graded (no sandbox, the queue refused); they keep
             *     their previous verdict.
             */
            errors: number;
            /** Format: int32 */
            failed: number;
            /** Format: date-time */
            finishedAt?: string | null;
            /** Format: int32 */
            graded: number;
            /** Format: uuid */
            id: string;
            /** Format: int32 */
            passed: number;
            /** @description `running`, `done`, or `interrupted` (its server stopped; start it again). */
            status: string;
            /**
             * Format: int32
             * @description Attempts to grade: each student's newest at each exercise, and those that passed.
             */
            total: number;
        };
        RegradeVerdictDto: {
            passed: boolean;
            /** Format: date-time */
            regradedAt: string;
            results: Record<string, never>;
        };
        /** @description The item feedback is about, with what a link to it needs. */
        RelatedEntityDto: {
            /** Format: uuid */
            id: string;
            /** @description Null when the item is no longer in the curriculum. */
            slug?: string | null;
            title?: string | null;
            /** @description `lesson` or `exercise`. */
            type: string;
        };
        /** @description A curriculum item: `type` is `lesson` or `exercise`, `id` its id (or slug). */
        RelatedEntityRequest: {
            id: string;
            type: string;
        };
        RemoveCollaboratorRequest: {
            username: string;
        };
        RenameFileRequest: {
            /** @description The new path (rename and move are the same thing). */
            path: string;
        };
        ResetPasswordRequest: {
            password: string;
            token: string;
        };
        ReviewPairDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            revieweeId: string;
            /** Format: uuid */
            reviewerId: string;
        };
        RoleRequest: {
            /** @description `user`, `teacher` or `admin`. */
            role: string;
        };
        RunCountDto: {
            /** Format: int64 */
            count: number;
            language: string;
            status: string;
        };
        /**
         * @description The files of an exercise's program besides the learner's own. With a driver, the driver is
         *     the entry and the learner's code goes in `learnerFile`; without one the learner's file is the
         *     entry and `files` is empty. The driver is no secret: the learner's code runs beside it and
         *     could print it.
         */
        RunLayoutDto: {
            entry: string;
            files: components["schemas"]["FileDto"][];
            learnerFile: string;
        };
        RunProjectRequest: {
            /** @description The file to run; default: the project's entry. */
            entry?: string | null;
            /** @description At most 64 KiB. */
            stdin?: string | null;
        };
        SaveFileRequest: {
            changeDescription?: string | null;
            /** @description UTF-8 text, at most 1 MB (413 `file_too_large`). */
            content: string;
        };
        SearchItem: {
            difficulty?: string | null;
            /** Format: uuid */
            id: string;
            /**
             * Format: double
             * @description Relevance, higher first; comparable within one response only.
             */
            score: number;
            slug: string;
            /** @description HTML: escaped text with the matched words in `<mark>…</mark>`, no other markup. */
            snippet: string;
            title: string;
            track?: string | null;
            type: string;
        };
        SearchResults: {
            /** @description When the words as typed matched nothing: the corrected words that were searched. */
            correctedQuery?: string | null;
            items: components["schemas"]["SearchItem"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            perPage: number;
            /** Format: int64 */
            total: number;
        };
        SessionDto: {
            /** Format: date-time */
            createdAt: string;
            /** @description The session this request is made with. */
            current: boolean;
            /** Format: date-time */
            expiresAt: string;
            /** Format: uuid */
            id: string;
            ip?: string | null;
            /** Format: date-time */
            lastSeenAt: string;
            userAgent?: string | null;
        };
        /**
         * @description The owner of a shared project, as the link's visitors see them: the name and username
         *     the owner shows with their work. Nothing else of a private profile is revealed.
         */
        SharedAuthorDto: {
            /** @description First and last name. */
            name: string;
            /**
             * @description The web page of the owner's public profile (`/u/{username}`); `null` unless the
             *     profile is public (and so viewable at all).
             */
            profileUrl?: string | null;
            username: string;
        };
        SharedProjectDto: {
            /** @description Who shared it. */
            author: components["schemas"]["SharedAuthorDto"];
            /** @description Every file with its content. */
            files: components["schemas"]["ProjectFileDto"][];
            project: components["schemas"]["ProjectDto"];
        };
        ShareDto: {
            /** @description 32 random bytes, base64url. */
            token: string;
            /** @description The web app's page for the link: `/s/{token}`; the API view is `/api/v1/shared/{token}`. */
            url: string;
        };
        ShowcaseDto: components["schemas"]["ProfileProjectDto"] & {
            entryPath?: string | null;
            /** @description Every file with its content, by path. */
            files: components["schemas"]["ShowcaseFileDto"][];
            owner: components["schemas"]["ShowcaseOwnerDto"];
            /** @description The text of the project's root `README.md` (any case), if it has one. */
            readme?: string | null;
        };
        ShowcaseFileDto: {
            content: string;
            path: string;
        };
        ShowcaseOwnerDto: {
            avatarUrl?: string | null;
            name: string;
            username: string;
        };
        ShowcaseRunRequest: {
            /** @description The file to run; the project's own entry when absent. Must be one of its files. */
            entry?: string | null;
            /** @description Input for the program (at most 64 KiB). */
            stdin?: string | null;
        };
        SkillsDto: {
            /** @description Most completed first. */
            categories: components["schemas"]["CategorySkillDto"][];
            /** @description Most used first. */
            languages: components["schemas"]["LanguageSkillDto"][];
            tracks: components["schemas"]["TrackSkillDto"][];
        };
        Stats: {
            /** @description `{track slug: n}`. */
            completedByTrack: {
                [key: string]: number;
            };
            /** @description `{lesson: n, exercise: n}`. */
            completedByType: {
                [key: string]: number;
            };
            /** Format: int64 */
            completedCount: number;
            languages: string[];
            /** Format: int64 */
            passedSubmissions: number;
            /**
             * Format: double
             * @description Passed / all submissions, 0 when there are none.
             */
            passRate: number;
            /** Format: int64 */
            runs: number;
            /** Format: int64 */
            startedCount: number;
            streak: components["schemas"]["Streak"];
            /** Format: int64 */
            submissions: number;
            /** Format: int64 */
            timeSpentSeconds: number;
            /** Format: int64 */
            tutorQuestions: number;
        };
        StatsDto: {
            completions: components["schemas"]["CompletionStatsDto"];
            /** @description All runs ever, per language and outcome. */
            runsByLanguage: components["schemas"]["RunCountDto"][];
            /** @description The last 30 days, one entry per day, oldest first. */
            runsPerDay: components["schemas"]["DayCountDto"][];
            tutor: components["schemas"]["TutorStatsDto"];
            users: components["schemas"]["UserStatsDto"];
        };
        Streak: {
            activeToday: boolean;
            /**
             * Format: int32
             * @description Consecutive local days with activity, ending today (or yesterday, until today ends).
             */
            current: number;
            /** Format: int32 */
            longest: number;
        };
        /** @description Why a student is stuck. */
        StuckDto: {
            /**
             * Format: int64
             * @description For `failed_attempts`: the most failed attempts at one unfinished item.
             */
            failedAttempts?: number | null;
            /** @description `failed_attempts` or `idle`. */
            reason: string;
            /**
             * Format: date-time
             * @description For `idle`: the last activity on unfinished work (or when they joined).
             */
            since?: string | null;
        };
        StudentAssignmentDto: {
            /** Format: uuid */
            assignmentId: string;
            cell: components["schemas"]["CellDto"];
            /** Format: date-time */
            dueAt?: string | null;
            /**
             * Format: uuid
             * @description The newest failed attempt at an unfinished item (readable by the class's teachers
             *     at `/classes/{id}/submissions/{submissionId}`).
             */
            lastFailedSubmissionId?: string | null;
            /** @description Its first failing test: the name and the learner-facing message. */
            lastFailingMessage?: string | null;
            title: string;
        };
        StudentDetailDto: {
            assignments: components["schemas"]["StudentAssignmentDto"][];
            /** Format: int64 */
            attempts: number;
            stuck?: components["schemas"]["StuckDto"] | null;
            student: components["schemas"]["MemberDto"];
            /**
             * Format: int64
             * @description Time on the assigned items.
             */
            timeSpentSeconds: number;
            /**
             * Format: int64
             * @description How many questions they asked the tutor (never the conversations).
             */
            tutorQuestions: number;
        };
        /** @description A student's attempt at an assigned item, as its teachers read it. */
        SubmissionDto: {
            code: string;
            /** Format: uuid */
            contentId: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            language: string;
            passed: boolean;
            regrade?: components["schemas"]["RegradeVerdictDto"] | null;
            /** @description Per-test results as the learner saw them. */
            results: Record<string, never>;
            /** Format: uuid */
            userId: string;
        };
        SubmissionExecution: {
            compileOutput?: string | null;
            /** Format: int64 */
            executionTimeMs: number;
            /** Format: int32 */
            exitCode?: number | null;
            /** Format: int64 */
            memoryBytes: number;
            status: string;
            stderr: string;
            stdout: string;
        };
        SubmissionRequest: {
            code: string;
            language: string;
        };
        SubmissionResponse: {
            /** @description This attempt completed the item for the first time. */
            completed: boolean;
            didNotRun?: components["schemas"]["DidNotRunDto"] | null;
            execution: components["schemas"]["SubmissionExecution"];
            /** Format: uuid */
            id: string;
            next?: components["schemas"]["ItemSummary"] | null;
            passed: boolean;
            tests: components["schemas"]["TestResultDto"][];
        };
        SuggestionDto: {
            language?: string | null;
            /** @description Why it is suggested. */
            reason: string;
            /** @description A question the learner could ask next. */
            text: string;
        };
        TemplateDto: {
            description: string;
            /** @description The file a run starts from. */
            entry: string;
            files: components["schemas"]["TemplateFileDto"][];
            /** @description Pass as `templateId` when creating a project. */
            id: string;
            language: string;
            name: string;
        };
        TemplateFileDto: {
            path: string;
        };
        TestResultDto: {
            /**
             * @description What the program printed on a failed visible test, at most 4 KiB. Never set for a
             *     hidden test.
             */
            actual?: string | null;
            /** @description `expected` or `actual` was cut at 4 KiB. */
            clipped?: boolean;
            /** @description A failed visible test's expected output, at most 4 KiB. Never set for a hidden test. */
            expected?: string | null;
            /** @description Why the test failed; null when it passed or did not run. */
            message?: string | null;
            name: string;
            /**
             * @description The program did not run (the submission's `didNotRun` says why), so neither did this
             *     test. Absent (false) in attempts stored before it existed.
             */
            notRun?: boolean;
            passed: boolean;
        };
        /**
         * @description A thread: its first comment (which carries the lines and the resolved state) and the
         *     replies, oldest first.
         */
        ThreadDto: components["schemas"]["CommentDto"] & {
            replies: components["schemas"]["CommentDto"][];
        };
        TokenRequest: {
            token: string;
        };
        ToolDto: {
            /** @description Deep-linking URL (the launch URL; the message type tells them apart). */
            deepLinkUrl: string;
            /** @description Codestead's public keyset URL. */
            jwksUrl: string;
            /** @description The current signing key's id. */
            keyId: string;
            /** @description Target link / redirect URI. */
            launchUrl: string;
            /** @description OIDC login initiation URL. */
            loginUrl: string;
        };
        /** @description An execution trace: one step per line run in the learner's files, capped at 10,000 steps. */
        TraceDto: {
            exception?: components["schemas"]["TraceExceptionDto"] | null;
            steps: components["schemas"]["TraceStepDto"][];
            /** @description A cap was reached (steps, size, tracing time) or the run was killed: a prefix of the run. */
            truncated: boolean;
        };
        TraceExceptionDto: {
            /** Format: int32 */
            line?: number | null;
            /** @description `Type: message`. */
            message: string;
        };
        TraceStepDto: {
            /** @description `line`, `return` or `exception`. */
            event: string;
            exception?: string | null;
            /** @description The submission's file, when not the entry. */
            file?: string | null;
            function?: string | null;
            /**
             * Format: int32
             * @description The line about to run (`line` event), returning (`return`) or raising (`exception`).
             */
            line: number;
            /** @description Variables in scope, each as a repr of at most 200 characters. */
            locals: {
                [key: string]: string;
            };
            returnValue?: string | null;
            /**
             * @description Output printed since the previous step; the output so far is the concatenation over
             *     the steps up to this one.
             */
            stdout: string;
        };
        TrackDetail: {
            completedCount: number;
            description: string;
            itemCount: number;
            language: string;
            modules: components["schemas"]["ModuleDto"][];
            slug: string;
            title: string;
        };
        TrackSkillDto: {
            /** @description Items of the track completed. */
            completed: number;
            title: string;
            total: number;
            track: string;
        };
        TrackSummary: {
            completedCount: number;
            description: string;
            itemCount: number;
            language: string;
            slug: string;
            title: string;
        };
        TutorContextDto: {
            /** @description What the program printed. */
            actualOutput?: string | null;
            code?: string | null;
            /** @description A lesson or exercise id or slug. */
            contentId?: string | null;
            /**
             * @description The last run's error or compiler output. Long output (a g++ template error, a deep
             *     stack trace) is accepted up to 1 MiB and trimmed server-side to the first error and the
             *     learner's own frames.
             */
            errorMessage?: string | null;
            /**
             * Format: uuid
             * @description The learner's stored execution (`POST /executions`) the question is about; its status,
             *     output and error are read from it.
             */
            executionId?: string | null;
            /** Format: int32 */
            exitCode?: number | null;
            /** @description What the learner expected the program to print (all of it, or the line that is wrong). */
            expectedOutput?: string | null;
            /** @description Failing exercise tests: their learner-facing messages, or `{name, message}` objects. */
            failingTests?: components["schemas"]["FailingTestDto"][] | null;
            language?: string | null;
            /** Format: int32 */
            signal?: number | null;
            skillLevel?: string | null;
            /** @description The run's status, when the client knows it (`runtime_error`, `timeout`, ...). */
            status?: string | null;
        };
        TutorMessageDto: {
            content: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            provider?: string | null;
            /** Format: int32 */
            rating?: number | null;
            role: string;
        };
        TutorRequest: {
            context?: components["schemas"]["TutorContextDto"];
            /** Format: uuid */
            conversationId?: string | null;
            query: string;
        };
        TutorResponse: {
            cached: boolean;
            /** Format: uuid */
            conversationId: string;
            /** Format: uuid */
            messageId: string;
            /** @description `offline`, `openai` or `anthropic`. */
            provider: string;
            /** @description Markdown. */
            response: string;
            /** Format: int64 */
            tokensUsed: number;
        };
        TutorStatsDto: {
            /** @description Answers per provider (`offline`, `openai`, …). */
            byProvider: {
                [key: string]: number;
            };
            /** Format: int64 */
            conversations: number;
            /**
             * Format: int64
             * @description Questions asked.
             */
            messages: number;
        };
        TutorUseDto: {
            /**
             * Format: int64
             * @description Questions asked, ever.
             */
            messages: number;
            /** @description Questions per day, the last 30 days, oldest first. */
            perDay: components["schemas"]["DayCountDto"][];
        };
        UnreadDto: {
            /** Format: int64 */
            unread: number;
        };
        UpdateAssignmentRequest: {
            allowedLanguages?: string[] | null;
            allowLate?: boolean | null;
            /**
             * Format: date-time
             * @description `null` clears it.
             */
            dueAt?: string | null;
            /**
             * Format: date-time
             * @description `null` clears it.
             */
            opensAt?: string | null;
            title?: string | null;
        };
        UpdateClassRequest: {
            /**
             * Format: date-time
             * @description `null` makes the code never expire.
             */
            joinCodeExpiresAt?: string | null;
            name?: string | null;
            /** @description `true` draws a new join code; the old one stops working at once. */
            rotateJoinCode?: boolean;
        };
        UpdateCommentRequest: {
            body?: string | null;
            resolved?: boolean | null;
        };
        /** @description Fields to change; absent fields stay as they are, an empty string clears an optional one. */
        UpdateMeRequest: {
            bio?: string | null;
            firstName?: string | null;
            githubUsername?: string | null;
            /** @description Show the profile at `/u/{username}`; turning it on needs a verified address. */
            isPublic?: boolean | null;
            lastName?: string | null;
            learningPreferences?: Record<string, never> | null;
            linkedinUrl?: string | null;
            skillLevel?: string | null;
            timezone?: string | null;
            username?: string | null;
        };
        UpdateProjectRequest: {
            /** @description `null` clears it. */
            description?: string | null;
            /** @description Must name a file of the project; `null` clears it. */
            entryPath?: string | null;
            isPublic?: boolean | null;
            /** @description `python`, `javascript`, `java` or `cpp`. */
            language?: string | null;
            technologyStack?: string[] | null;
            title?: string | null;
        };
        /** @description The signed-in user's own view of their account. */
        UserDto: {
            avatarUrl?: string | null;
            bio?: string | null;
            /** Format: date-time */
            createdAt: string;
            email: string;
            emailVerified: boolean;
            firstName: string;
            githubUsername?: string | null;
            /** Format: uuid */
            id: string;
            /** @description The profile at `/u/{username}` is public (shown once the address is verified). */
            isPublic: boolean;
            /** Format: date-time */
            lastLoginAt?: string | null;
            lastName: string;
            learningPreferences?: Record<string, never> | null;
            linkedinUrl?: string | null;
            /** @example free */
            plan: string;
            /** @example user */
            role: string;
            skillLevel: string;
            timezone: string;
            username: string;
        };
        UserStatsDto: {
            /**
             * Format: int64
             * @description Signed-in users seen in the last 7 days.
             */
            active7d: number;
            /** Format: int64 */
            active30d: number;
            /** Format: int64 */
            total: number;
            /** Format: int64 */
            verified: number;
        };
        VersionDto: {
            changeDescription?: string | null;
            /** @description Present when one version is read. */
            content?: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: int64 */
            lineCount: number;
            /** Format: int64 */
            sizeBytes: number;
            /** Format: int32 */
            versionNumber: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    list_achievements: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AchievementDto"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_feedback: {
        parameters: {
            query?: {
                /** @description From 1. */
                page?: number | null;
                /** @description 1 to 100, default 20. */
                perPage?: number | null;
                /** @description Only this status. */
                status?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedbackPage"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_feedback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FeedbackPatchRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedbackDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_platforms: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformDto"][];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_platform: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePlatformRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description lti_platform_taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_platform: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_tool: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ToolDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_outbox: {
        parameters: {
            query?: {
                /** @description At most this many mails (1 to 200, default 50). */
                limit?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OutboxDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_admin_stats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatsDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    set_user_role: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoleRequest"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_assignment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssignmentDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_assignment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_assignment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateAssignmentRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssignmentDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_regrade: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegradeDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    start_regrade: {
        parameters: {
            query?: never;
            header?: {
                /** @description `wait=N`: wait up to N seconds (at most 120) for the re-grade to finish */
                Prefer?: string | null;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description finished within the `Prefer: wait` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegradeDto"];
                };
            };
            /** @description started (or already running) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegradeDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    change_password: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    forgot_password: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ForgotPasswordRequest"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
            /** @description invalid_credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description account_locked or rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description optional when the refresh cookie is sent */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"] | null;
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisterResponse"];
                };
            };
            /** @description email_taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resend_verification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reset_password: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResetPasswordRequest"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_sessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"][];
                };
            };
        };
    };
    revoke_session: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verify_email: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid_token */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_avatar: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file: string;
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/png": number[];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_bookmarks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookmarkDto"][];
                };
            };
        };
    };
    add_bookmark: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                contentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    remove_bookmark: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                contentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verify_certificate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CertificateVerificationDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_classes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClassDto"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_class: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateClassRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClassDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description `teacher_only` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_class: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClassDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_class: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_class: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateClassRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClassDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_assignments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssignmentDto"][];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_assignment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAssignmentRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssignmentDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_grid: {
        parameters: {
            query?: {
                /** @description `csv` for a download (as `Accept: text/csv`). */
                format?: string | null;
                /** @description `name` (default), `done` (most done first) or `activity` (least recently active first). */
                sort?: string | null;
                /** @description Failed attempts at one unfinished item that make a student stuck (default 5). */
                stuckAttempts?: number | null;
                /** @description Days without activity on unfinished work that make a student stuck (default 7). */
                stuckDays?: number | null;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON, or text/csv */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GridDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_members: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberDto"][];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    remove_member: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_pairs: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewPairDto"][];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_pair: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePairRequest"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_pair: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                reviewee_id: string;
                reviewer_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_stuck: {
        parameters: {
            query?: {
                /** @description `csv` for a download (as `Accept: text/csv`). */
                format?: string | null;
                /** @description `name` (default), `done` (most done first) or `activity` (least recently active first). */
                sort?: string | null;
                /** @description Failed attempts at one unfinished item that make a student stuck (default 5). */
                stuckAttempts?: number | null;
                /** @description Days without activity on unfinished work that make a student stuck (default 7). */
                stuckDays?: number | null;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GridRowDto"][];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_student: {
        parameters: {
            query?: {
                /** @description `csv` for a download (as `Accept: text/csv`). */
                format?: string | null;
                /** @description `name` (default), `done` (most done first) or `activity` (least recently active first). */
                sort?: string | null;
                /** @description Failed attempts at one unfinished item that make a student stuck (default 5). */
                stuckAttempts?: number | null;
                /** @description Days without activity on unfinished work that make a student stuck (default 7). */
                stuckDays?: number | null;
            };
            header?: never;
            path: {
                id: string;
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StudentDetailDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_class_submission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                submission_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmissionDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    add_teacher: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddTeacherRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    join_class: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JoinClassRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClassDto"];
                };
            };
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClassDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_comments: {
        parameters: {
            query: {
                /** @description `submission:<id>`. */
                target: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThreadDto"][];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_comment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCommentRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommentDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_comment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateCommentRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommentDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_content: {
        parameters: {
            query?: {
                category?: string | null;
                difficulty?: string | null;
                page?: number | null;
                perPage?: number | null;
                tag?: string | null;
                track?: string | null;
                type?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentPage"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_content: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                idOrSlug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentDetail"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    next_content: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                idOrSlug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemSummary"];
                };
            };
            /** @description unknown item or end of the track */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    answer_quiz: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                idOrSlug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["QuizRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QuizFeedbackDto"][];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rate_content: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                idOrSlug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContentRatingRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentRatingDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    unrate_content: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                idOrSlug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentRatingDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description unknown item, or not rated */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_dashboard: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DashboardResponse"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_drafts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DraftDto"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_draft: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DraftDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    put_draft: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DraftRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DraftDto"];
                };
            };
            /** @description a project key naming no file of the caller's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_draft: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_executions: {
        parameters: {
            query?: {
                /** @description 1–100, default 20. */
                limit?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionResponse"][];
                };
            };
        };
    };
    create_execution: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExecutionRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionResponse"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description queue_full */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    interactive_execution: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Switching to the WebSocket protocol */
            101: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description csrf_rejected: a cookie caller from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description websocket_required: not a WebSocket upgrade */
            426: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_submissions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                idOrSlug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttemptDto"][];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    submit_exercise: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                idOrSlug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubmissionRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmissionResponse"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_feedback: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FeedbackRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedbackDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_languages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LanguageDto"][];
                };
            };
        };
    };
    get_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeleteMeRequest"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description `password` missing or wrong */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMeRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_analytics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    my_assignments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyAssignmentDto"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    upload_avatar: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": number[];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_avatar: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_certificates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CertificateDto"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    claim_certificate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CertificateClaimRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CertificateDto"];
                };
            };
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CertificateDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    export_data: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": number[];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    become_teacher: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_notifications: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationsDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    count_notifications: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnreadDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    read_notifications: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReadNotificationsRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnreadDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_progress: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProgressDto"][];
                };
            };
        };
    };
    update_progress: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                contentId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProgressRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProgressDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    complete_content: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                contentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProgressDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_progress_stats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stats"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_projects: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectDto"][];
                };
            };
        };
    };
    create_project: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateProjectRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectDto"];
                };
            };
            /** @description email_unverified (isPublic without a verified address) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_project: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_project: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_project: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateProjectRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectDto"];
                };
            };
            /** @description email_unverified */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_collaborators: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CollaboratorDto"][];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    add_collaborator: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddCollaboratorRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CollaboratorDto"];
                };
            };
            /** @description not_owner */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such project, or unknown_user */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    remove_collaborator: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RemoveCollaboratorRequest"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description not_owner */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such project, or unknown_user */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    export_project: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": number[];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_files: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectFileDto"][];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_file: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateFileRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectFileDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description path_taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description file_too_large, project_too_large, too_many_files */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_file: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                fileId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectFileDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    save_file: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                fileId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SaveFileRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectFileDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description file_too_large, project_too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_file: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                fileId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rename_file: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                fileId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RenameFileRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectFileDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description path_taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    live_file: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                fileId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Switching to the WebSocket protocol */
            101: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description csrf_rejected: a cookie caller from another origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description websocket_required */
            426: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_versions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                fileId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionDto"][];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_version: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                fileId: string;
                id: string;
                versionNumber: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    diff_version: {
        parameters: {
            query?: {
                /** @description Version to compare with; default: the one before. */
                against?: number | null;
            };
            header?: never;
            path: {
                fileId: string;
                id: string;
                versionNumber: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DiffDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    restore_version: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                fileId: string;
                id: string;
                versionNumber: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectFileDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    restore_project: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectDto"];
                };
            };
            /** @description not in the trash */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    run_project: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RunProjectRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionResponse"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    share_project: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShareDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    unshare_project: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    import_project: {
        parameters: {
            query?: {
                /** @description Title for a raw `application/zip` upload (default "Imported project"). */
                title?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description or multipart/form-data with `file` and `title` */
        requestBody: {
            content: {
                "application/zip": number[];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectDto"];
                };
            };
            /** @description invalid_zip */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description file_too_large, project_too_large, too_many_files */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description a bad entry path, a link or a binary file (field `file`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_trash: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectDto"][];
                };
            };
        };
    };
    list_recommendations: {
        parameters: {
            query?: {
                /** @description 1–50 (default 10). */
                limit?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Recommendation"][];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    search_content: {
        parameters: {
            query?: {
                /** @description `beginner`, `intermediate` or `advanced`. */
                difficulty?: string | null;
                /** @description From 1 (default 1). */
                page?: number | null;
                /** @description 1–50 (default 20). */
                perPage?: number | null;
                /** @description The words to find (1–200 characters). */
                q?: string | null;
                /** @description A track slug. */
                track?: string | null;
                /** @description `lesson` or `exercise`. */
                type?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResults"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_shared: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SharedProjectDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    copy_shared: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description project_too_large, too_many_files, storage_quota_exceeded */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_submission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmissionDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_templates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateDto"][];
                };
            };
        };
    };
    list_tracks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrackSummary"][];
                };
            };
        };
    };
    get_track: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrackDetail"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_conversations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationSummary"][];
                };
            };
        };
    };
    get_conversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationDetail"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    send_message: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TutorRequest"];
            };
        };
        responses: {
            /** @description JSON, or an SSE stream with Accept: text/event-stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TutorResponse"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description quota_exceeded */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rate_message: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RatingRequest"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_suggestions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuggestionDto"][];
                };
            };
        };
    };
    get_profile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfileDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_showcase: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShowcaseDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    run_showcase: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                project_id: string;
                username: string;
            };
            cookie?: never;
        };
        /** @description Optional */
        requestBody: {
            content: {
                "application/json": components["schemas"]["ShowcaseRunRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionResponse"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deep_link_return: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description context (from the picker), contentId */
        requestBody?: {
            content: {
                "application/x-www-form-urlencoded": unknown;
            };
        };
        responses: {
            /** @description an auto-submitting form posting `JWT` to the platform */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": unknown;
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_jwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a JWK set (RS256) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    launch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description id_token, state */
        requestBody?: {
            content: {
                "application/x-www-form-urlencoded": unknown;
            };
        };
        responses: {
            /** @description the deep-linking picker (HTML) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": unknown;
                };
            };
            /** @description signed in; to the exercise or lesson page */
            303: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    login_get: {
        parameters: {
            query: {
                client_id?: string;
                iss: string;
                login_hint: string;
                lti_deployment_id?: string;
                lti_message_hint?: string;
                target_link_uri: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description to the platform's auth endpoint, with state and nonce */
            303: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    login_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description iss, login_hint, target_link_uri, lti_message_hint?, client_id?, lti_deployment_id? */
        requestBody?: {
            content: {
                "application/x-www-form-urlencoded": unknown;
            };
        };
        responses: {
            /** @description to the platform's auth endpoint, with state and nonce */
            303: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
