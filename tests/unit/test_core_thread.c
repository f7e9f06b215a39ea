#include "dps_test.h"
static void t(void){CU_ASSERT(1);}
static const struct dps_test_case cases[] = {DPS_TEST(t)};
DPS_TEST_MAIN("x", cases, NULL, NULL)
