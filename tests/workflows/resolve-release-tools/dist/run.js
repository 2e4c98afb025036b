module.exports = async (dryRun) => {
  const semanticRelease = (await import('semantic-release')).default
  await semanticRelease({ dryRun })
}
