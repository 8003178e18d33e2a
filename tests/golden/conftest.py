"""Golden records are generated output, not tests: the conformance suite kept in the record is not collected."""

collect_ignore_glob = ["*/conformance/*"]
