import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@dx/service-kit';
import { SubmitRatingHandler, type RatingView } from '../application/submit-rating.handler';
import { RatingRequestDto } from './dto/rating.request.dto';

@ApiTags('ratings')
@ApiBearerAuth()
@Controller('ratings')
export class RatingsHttpController {
  constructor(private readonly submit: SubmitRatingHandler) {}

  @Post()
  @Roles('participant')
  @ApiOperation({
    summary:
      'Rate a delivery 1–5 (its consumer, within 30 days of it): fitness evidence weighted by the rater’s credibility',
  })
  rate(
    @Body() body: RatingRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RatingView> {
    return this.submit.execute(body, principal);
  }
}
