"""Plain PDF work for uploads, without Django: finding authors' names (``identity``) and
building the copy reviewers get under double-blind review (``blind``). ``cfp.uploads`` reads
and checks an upload once and hands the parsed file to both."""
