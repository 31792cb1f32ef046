"""Attribution: who says what. The modules, in the order a document passes through them:

- quotes: quotation marks paired by their role, paragraph-continued quotations, apostrophes
- taggers/: the learned cue taggers (tagged, the default entry point `find_attributions`;
  lstm_tagger, context_tagger, bio for their B/I/O labels)
- rules: the dependency readings of one cue (verb, noun, "according to") and the rules-only finder
- cue_frame: source and content for a tagged cue no rule reads
- quote_cues: a quotation closing right before its cue when the parse does not join them
- patterns: attributions marked by punctuation (dashes, speaker labels, embedded posts)
- denials and relations: denials, non-confirmations and intermediaries ("told Reuters")
- raw: the attribution record and how one is built from a cue and its subject
- sources: the source a phrase names; speakers: "she added" resolved across paragraphs
- linking: quotations continued, attributions nested, speakers and intermediaries attached
"""
