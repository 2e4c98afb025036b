export default {
  plugins: [
    '@semantic-release/commit-analyzer',
    ['@semantic-release/npm', { npmPublish: false, tarballDir: 'dist' }],
    ['@semantic-release/github', { assets: 'dist/*.tgz' }],
  ],
}
