/** UI strings of the 起草说明 (explanatory note, issue 15): submit dialog, review page, history; merged into the catalogue in `messages.ts`. */
export const explanatoryNoteMessages = {
  'note.title': ['起草说明', 'Explanatory note'],
  'note.help': [
    '已根据修改内容和影响测算起草，请核对并填写“起草理由”；提交后随版本送审，并在审核页显示和打印。',
    'Drafted from the changes and the impact: check it and write the reasons; it goes to review with the version and is shown and printed on the review page.',
  ],
  'note.drafting': ['正在根据修改内容和影响测算起草说明…', 'Drafting the note from the changes and the impact…'],
  'note.stored': ['已载入此前保存的起草说明（{time}）', 'The note saved before is loaded ({time})'],
  'note.redraft': ['重新起草', 'Draft again'],
  'note.redraftConfirm': ['用新起草的内容替换当前文字？', 'Replace the current text with a new draft?'],
  'note.reasonEmpty': ['“起草理由”尚未填写，审核人将看不到修改的原因', 'The reasons are still empty: reviewers will not learn why the change is made'],
  'note.saveFailed': ['起草说明未保存：{reason}', 'The note was not saved: {reason}'],
  'note.none': ['该版本没有起草说明', 'This version has no explanatory note'],
  'note.updated': ['{name} 于 {time} 修改', 'Last changed by {name} at {time}'],
  'note.edit': ['编辑起草说明', 'Edit the note'],
  'note.add': ['填写起草说明', 'Write a note'],
  'note.save': ['保存起草说明', 'Save the note'],
  'note.saved': ['起草说明已保存', 'The note is saved'],
  'note.frozenHint': ['版本已有审核意见、已批准或已发布，起草说明不再修改', 'The version has been reviewed, approved or published: its note no longer changes'],
  'note.show': ['查看起草说明', 'Show the note'],
  'note.hide': ['收起起草说明', 'Hide the note'],
  'audit.action.version.note': ['修改起草说明', 'Edit explanatory note'],
} as const satisfies Record<string, readonly [string, string]>;
