/** Texts of the comment threads (loaded with the proposal page). */
export const commentTexts = {
  commentsTitle: ["Reacties", "Comments"],
  commentsHelp: [
    "Ingeschreven bewoners kunnen reageren. Blijf vriendelijk en noem geen namen of adressen van anderen. Een moderator kan een reactie verbergen en zegt dan waarom.",
    "Registered residents can comment. Be kind and do not name other people or their addresses. A moderator can hide a comment and then says why.",
  ],
  commentsNone: ["Nog geen reacties.", "No comments yet."],
  commentsRegister: ["Schrijf u in als bewoner om te reageren.", "Register as a resident to comment."],
  commentLabel: ["Uw reactie", "Your comment"],
  commentSend: ["Reactie plaatsen", "Post comment"],
  replyLabel: ["Uw antwoord", "Your reply"],
  replySend: ["Antwoord plaatsen", "Post reply"],
  reply: ["Antwoorden", "Reply"],
  commentPosted: ["Uw reactie is geplaatst.", "Your comment was posted."],
  commentBy: ["Reactie van {date}", "Comment of {date}"],
  flag: ["Melden bij moderator", "Report to a moderator"],
  flagged: ["Gemeld. Een moderator kijkt ernaar.", "Reported. A moderator will look at it."],
  flagsOne: ["{n} keer gemeld", "reported {n} time"],
  flagsMany: ["{n} keer gemeld", "reported {n} times"],
  commentHidden: [
    "Deze reactie is verborgen door een moderator. Reden: {reason} ({date})",
    "This comment was hidden by a moderator. Reason: {reason} ({date})",
  ],
  moderationNote: ["Openbare reden om te verbergen", "Public reason for hiding"],
  hideComment: ["Reactie verbergen", "Hide comment"],
  commentHiddenDone: ["De reactie is verborgen, met uw reden erbij.", "The comment is hidden, with your reason shown."],
  commentsCount: ["{n} reacties", "{n} comments"],
} as const;
