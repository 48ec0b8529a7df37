"""Bad input on every form, through the real views: a clear French message beside the field,
never a 500, the typed values shown again, and nothing already saved lost.

Forms: the offer (create, edit), the organisation (create, edit), the invitation, the signup,
the moderation decisions (reject, request changes) and the account deletion. Then malformed
requests: garbled formset counters, odd URLs, unknown actions, NUL bytes, huge strings.
An "empty submission" is what a browser sends: every field, empty (and the CSRF token, which
the test client does not need).
"""
