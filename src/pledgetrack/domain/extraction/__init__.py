"""From an article's text to candidate pledges, by rules: no model, nothing downloaded.

The text is cut into paragraphs and sentences (`sentences`); in each sentence the figures are
found and read with pledgetrack's own amount reader (`figures`, `shares`), the deadline phrases
with its deadline reader (`deadline_phrases`), the actors from a curated table (`actors`,
`actor_names`) and the words that mark a commitment, a request, a statistic or a price
(`cues`). `candidates` weighs them into candidates (`candidate`): which figures a commitment
governs (`targets`), who pledges and receives (`pledgers`), a title (`titles`), what is a part
of what (`structure`).

Pure: no I/O, never reads the clock (the published date comes in); imports only the domain.
"""
