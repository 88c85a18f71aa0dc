/* cyca.h: fixture, one half of an include circle. */
#include "cycb.h"

/* Nothing. */
void	 cyca_run(void);

/* Defined nowhere; and cycb_run() belongs to cycb.h. */
void	 cyca_missing(void);
void	 cycb_run(void);
