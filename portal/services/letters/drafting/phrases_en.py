"""English phrase banks for thank-you letters: data only, one bank per tone.

A letter is composed from parts: most frame sentences join two or three independently
chosen parts, so ten candidates writing to the same panel rarely share a sentence,
while the candidate's own notes (topics, qualifications, next steps) carry the letter.
Every part in a list must read correctly with every part of the lists it joins.

Another language's letters get a bank of their own beside this one (`phrases_es.py`),
written for that language rather than translated, and part of that language's module
(`spanish.py`, registered in `languages.LANGUAGES`) with its own rules.

Slots and how composing joins them:
  opening:       "{thanks} {occasion} {post}{at_client}" + "." or ", " + topic_join +
                 " {topic}."; post is "the {position} {role_word}" ("the open {role_word}"
                 with no title), at_client " at {client}" (nothing with no client)
  topic_more:    a sentence with {topic}, for a second topic
  point_lead + point_object + point_coda:   a sentence on the role itself
  role_opener[role] + ", " + qual_lead + " {clause}."   the first qualification
  qual_more:     a sentence with {clause}, for a second qualification
  role_opener[role] + ", " + fit + "."                  when there is no qualification
  look_forward:  a sentence with {next}, from the debrief's next steps
  stance[level] + closing:                              the last sentence
"""

from __future__ import annotations

# What both tones say the same way: the greeting (the name differs by tone, not the
# words), the subject line, and the marked place left for the candidate's own words.
_SHARED: dict = {
    "greeting": "Dear {name},",
    "greeting_unnamed": "Hello,",
    "subject": "Thank you — {position} interview",
    "subject_unnamed": "Thank you for the interview",
    "mark": "[Worth mentioning here, in your own words: see the note beside the letter.]",
    "post": "the {position} {role_word}",
    "post_unnamed": "the open {role_word}",
    "at_client": " at {client}",
    # The letter as a file: "thank-you-jane-doe.txt", opening "Subject: …".
    "file_name": "thank-you",
    "subject_label": "Subject",
}

FORMAL: dict = {
    **_SHARED,
    "thanks": (
        "Thank you for",
        "Many thanks for",
        "I want to thank you for",
        "I would like to thank you for",
        "Thank you very much for",
        "I am writing to thank you for",
        "Thank you sincerely for",
        "I wanted to thank you for",
    ),
    "occasion": (
        "the time you gave me during my interview for",
        "meeting with me to discuss",
        "our conversation about",
        "taking the time to talk with me about",
        "your questions and your openness during my interview for",
        "the opportunity to discuss",
        "a thoughtful discussion about",
        "speaking with me about",
    ),
    "role_word": ("position", "role"),
    "topic_join": (
        "and in particular for our discussion of",
        "and especially for the chance to discuss",
        "not least for our conversation about",
        "and above all for what you shared about",
        "and for your perspective on",
        "and particularly for your insight into",
    ),
    "topic_more": (
        "I was also glad we had the chance to talk about {topic}.",
        "Our exchange on {topic} has stayed with me since.",
        "I have continued to reflect on our discussion of {topic}.",
        "It was equally helpful to hear your view on {topic}.",
        "Learning more about {topic} made the role much more concrete for me.",
        "I especially valued what you explained about {topic}.",
    ),
    "point_lead": (
        "I especially valued hearing about",
        "It was most useful to learn about",
        "I appreciated your candid account of",
        "I was glad to hear more about",
        "It was valuable to understand",
        "I have continued to reflect on",
        "It was helpful to discuss",
        "I was interested to learn",
    ),
    "point_object": (
        "the team's priorities for the coming year",
        "how the team works from day to day",
        "the main challenges of the role",
        "what success would look like in the first months",
        "where the team is heading next",
        "how the role fits into the wider business",
        "how decisions are made across the team",
        "what the team has learned over the past year",
    ),
    "point_coda": (
        ".",
        ", which has stayed with me since.",
        ", and it made the work much more concrete for me.",
        ", and it helped me see where I could contribute.",
        ", which I have thought about since.",
        ", and I came away with a clear picture.",
    ),
    "role_opener": {
        "decision_maker": (
            "Given the goals you set out for the team",
            "With the priorities you described in mind",
            "Thinking about where you want the team to go",
            "Having heard your plans for the team",
            "In light of the results you hope to see",
            "Considering the direction you outlined",
        ),
        "influencer": (
            "Since your work and this role would meet often",
            "Thinking about the projects we would share",
            "Given how closely this role works with yours",
            "With our shared work in mind",
            "Having heard how your team and this role connect",
            "As we would collaborate regularly",
        ),
        "peer": (
            "Having heard how the team works day to day",
            "Thinking about the work we would share",
            "Given what you told me about a typical week",
            "With the team's daily work in mind",
            "Having heard how the workload is shared",
            "As a future colleague",
        ),
        "hr": (
            "For your notes on my application",
            "As you gather what the panel needs",
            "For the next stage of the process",
            "As you prepare the panel's next steps",
            "For the record of my interview",
            "To help the panel's assessment",
        ),
    },
    "qual_lead": (
        "it may help to know that",
        "I would add that",
        "I hope you will keep in mind that",
        "it seems relevant that",
        "I would underline that",
        "it is worth noting that",
    ),
    "qual_more": (
        "I would also mention that {clause}.",
        "It may also be relevant that {clause}.",
        "In addition, {clause}.",
        "I would further note that {clause}.",
        "Beyond that, {clause}.",
        "As well as this, {clause}.",
    ),
    "fit": (
        "I am confident that my experience fits the needs you described",
        "I believe my background has prepared me well for this work",
        "I would bring relevant experience and a careful approach to the role",
        "I believe I could contribute from the start",
        "I see a close match between the role and the work I do best",
        "I am sure my skills would serve the team well",
    ),
    "look_forward": (
        "I look forward to {next}.",
        "I am looking forward to {next}.",
        "I will be glad to prepare for {next}.",
        "I look forward with interest to {next}.",
    ),
    "stance": {
        "strong": (
            "I remain very interested in this opportunity",
            "Our discussion strengthened my interest in the position",
            "I am enthusiastic about this role",
            "I am keen to move forward",
            "I would be delighted to take the next step",
            "I would welcome the opportunity to move forward",
        ),
        "positive": (
            "I would welcome the opportunity to move forward",
            "I would be glad to continue to the next stage",
            "I hope to take the next step in the process",
            "I would value the chance to contribute to this work",
            "I would like to continue the conversation",
            "I am interested in moving forward",
        ),
        "measured": (
            "I would welcome a further conversation about the role",
            "I would be glad to continue the conversation",
            "I would appreciate the chance to discuss the role in more depth",
            "I look forward to learning how the role develops",
            "I would be happy to answer any further questions",
            "I would be glad to hear about the next steps",
        ),
        "low": (
            "I appreciated the clear picture of the role and the team",
            "It was useful to understand the role and its priorities so clearly",
            "I valued the chance to learn about the role first-hand",
            "I am grateful for such an honest view of the position",
            "I appreciated the time you took to explain the position",
            "It was helpful to hear about the role from you directly",
        ),
    },
    "closing": (
        ", and thank you again for your time.",
        ", and I look forward to hearing from you.",
        "; thank you once more for your consideration.",
        ", and I am grateful for your time and attention.",
        "; please let me know if any further information would help.",
        ", and thank you for considering my application.",
        "; thank you again for a worthwhile conversation.",
        ", and I hope to hear from you soon.",
    ),
    "signoff": (
        "Kind regards,",
        "Best regards,",
        "Sincerely,",
        "With best regards,",
        "Yours sincerely,",
    ),
}

WARM: dict = {
    **_SHARED,
    "thanks": (
        "Thank you so much for",
        "Thanks so much for",
        "A big thank you for",
        "I wanted to say thanks for",
        "Thank you for",
        "Many thanks for",
        "Just a quick thank you for",
        "Huge thanks for",
    ),
    "occasion": (
        "taking the time to chat with me about",
        "meeting me to talk about",
        "such a friendly conversation about",
        "a really open chat about",
        "making time to talk with me about",
        "the great conversation about",
        "walking me through",
        "sitting down with me to talk about",
    ),
    "role_word": ("role", "position"),
    "topic_join": (
        "and especially for talking about",
        "and for getting into",
        "and in particular for talking through",
        "and for everything you shared about",
        "and for your take on",
        "with a special thanks for the chat about",
    ),
    "topic_more": (
        "I also really enjoyed talking about {topic}.",
        "I keep coming back to what you said about {topic}.",
        "Hearing about {topic} made the role feel very real to me.",
        "It was great to hear your take on {topic} as well.",
        "Our chat about {topic} was another highlight for me.",
        "I loved hearing about {topic} too.",
    ),
    "point_lead": (
        "I really enjoyed hearing about",
        "It was great to learn about",
        "I appreciated how honestly you described",
        "It was good to hear more about",
        "It helped a lot to understand",
        "I keep thinking about",
        "It was fun to talk through",
        "I liked hearing about",
    ),
    "point_object": (
        "what the team hopes to achieve this year",
        "how the team works day to day",
        "the big challenges in the role",
        "what the first few months would look like",
        "where the team is heading",
        "how the role fits in with everyone else",
        "how the team makes decisions together",
        "what the team has learned this past year",
    ),
    "point_coda": (
        ".",
        ", and it has stuck with me since.",
        ", and it made the role feel very real.",
        ", and I could easily picture where I would fit in.",
        ", which I have been mulling over since.",
        ", and I left with a really clear picture.",
    ),
    "role_opener": {
        "decision_maker": (
            "After hearing where you want to take the team",
            "With your goals for the team in mind",
            "From what you told me about the team's plans",
            "Thinking about what you want the team to achieve",
            "Knowing what matters most to you for the team",
            "Having heard your plans",
        ),
        "influencer": (
            "Since we would be working together a lot",
            "Thinking about the projects we would share",
            "Knowing how closely our work would connect",
            "With our shared work in mind",
            "From what you said about working with this role",
            "As we would be collaborating often",
        ),
        "peer": (
            "After hearing what a normal day on the team looks like",
            "Thinking about working alongside you",
            "From what you said about how the team shares the work",
            "With the day-to-day work in mind",
            "Knowing how the team works together",
            "As a possible teammate",
        ),
        "hr": (
            "For your notes on my application",
            "As you pull together what the panel needs",
            "For the next stage of the process",
            "In case it helps with the next steps",
            "For your records",
            "To help the panel",
        ),
    },
    "qual_lead": (
        "it might help to know that",
        "I wanted to add that",
        "it is worth mentioning that",
        "I think it fits well here that",
        "I am proud that",
        "it could be useful that",
    ),
    "qual_more": (
        "I also wanted to mention that {clause}.",
        "On top of that, {clause}.",
        "Another thing from my side is that {clause}.",
        "It might also help that {clause}.",
        "Plus, {clause}.",
        "Besides that, {clause}.",
    ),
    "fit": (
        "I think my experience would fit really well with what you described",
        "I feel my background has set me up well for this work",
        "I would bring real energy and relevant experience to the team",
        "I am confident I could hit the ground running",
        "what you described lines up nicely with what I do best",
        "I think I would be a good addition to the team",
    ),
    "look_forward": (
        "I am looking forward to {next}.",
        "I look forward to {next}.",
        "I am already looking forward to {next}.",
        "I will be glad to get ready for {next}.",
    ),
    "stance": {
        "strong": (
            "I am genuinely excited about this opportunity",
            "Our conversation made me even more excited about the role",
            "I am very keen on this role",
            "I would love to move forward",
            "I would be thrilled to take the next step",
            "I would be really glad to keep moving forward",
        ),
        "positive": (
            "I would be really glad to keep moving forward",
            "I would be happy to take the next step",
            "I hope we can keep the conversation going",
            "I would like to move on to the next stage",
            "I am looking forward to what comes next",
            "I would be glad to continue",
        ),
        "measured": (
            "I would be glad to keep talking about the role",
            "I would like to learn a bit more about how the role would shape up",
            "I am happy to keep the conversation going",
            "I would be glad to chat again whenever it suits you",
            "I am happy to answer anything else you would like to know",
            "I would be glad to hear about the next steps",
        ),
        "low": (
            "It was really useful to get such a clear picture of the role",
            "Thanks for being so open about what the role involves",
            "I appreciated hearing about the role first-hand",
            "It helped a lot to understand the team and its priorities",
            "Thanks for giving me an honest view of the position",
            "It was good to hear about the role from you directly",
        ),
    },
    "closing": (
        ", and thanks again for your time.",
        ", and I hope to speak with you soon.",
        "; thanks again for your openness.",
        ", and have a great rest of your week.",
        "; just let me know if there is anything else I can share.",
        ", and thank you again for the chat.",
        "; thanks once more for making the time.",
        ", and I hope to hear from you soon.",
    ),
    "signoff": ("Best wishes,", "All the best,", "Warm regards,", "Kind regards,", "Many thanks,"),
}

BANK = {"formal": FORMAL, "warm": WARM}
