/** Texts of the round a letter votes in (pages/vote/letterRound.ts), Dutch first, then English. */
export const letterMessages = {
  letterChooseTitle: ["In welke ronde wilt u stemmen?", "Which round do you want to vote in?"],
  letterChooseIntro: [
    "Uw wijk kan nu in meer dan één ronde stemmen. Kies de ronde waarin u wilt stemmen.",
    "Your district can vote in more than one round right now. Choose the round you want to vote in.",
  ],
  letterChooseItem: ["{round}, stemmen kan tot {date}", "{round}, voting is open until {date}"],
  letterNextVoting: [
    "Het stemmen voor {round} begint op {date}. Bewaar uw brief tot dan.",
    "Voting for {round} opens on {date}. Keep your letter until then.",
  ],
} as const;
