"""The contribution pages (issue 23): the contributor's guided form and submissions
(`submitting`), the reviewers' queue and review page (`reviewing`)."""
