// Side-effect stylesheet imports, bundled by Vite.
declare module '*.css' {}
