/** The one place the admin reads its build environment (Vite's `import.meta.env`). */

/** True in `vite` development (the editor playground is in the menu). */
export const isDevBuild: boolean = import.meta.env.DEV;
