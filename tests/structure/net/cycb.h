/* cycb.h: fixture, the other half of the circle (from cycb.c). */
/* #include "low.h" in a comment is no edge */

/* Nothing either. */
void	 cycb_run(void);

/* Static in cycb.c: not a definition a header may declare. */
void	 cycb_static(void);
