//! Holds no code: the tests live in `api/`, one test binary so the workspace links once.
