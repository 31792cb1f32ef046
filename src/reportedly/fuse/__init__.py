"""Step 6 of the data flow: fuse claims across reports. Match claims that assert the same
proposition into stories, trace their independent origins (corroboration vs echo), find
contradictions, grade stories, and follow a quantity over time."""
