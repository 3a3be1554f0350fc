"""What a run needs besides the data flow: one writer per data directory (`runlock`), repairs after
killed runs (`recovery`), process identity and worker preloading (`processes`, `worker_preload`),
crash points for the tests (`faults`), errors of the machine (`environment`) and removing pages on
record (`forget`)."""
