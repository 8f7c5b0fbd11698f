import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  Roles,
  type Principal,
  ApiJsonResponse,
  ApiProblems,
} from '@dx/service-kit';
import { SubmitRatingHandler, type RatingView } from '../application/submit-rating.handler';
import { RatingRequestDto } from './dto/rating.request.dto';
import { RatingBody } from './trust-read.responses';

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
  @ApiJsonResponse(201, RatingBody, 'the rating as counted')
  @ApiProblems({
    forbidden:
      'the caller did not consume this delivery within the last 30 days: `RATING.NO_PROOF_OF_TRANSACTION`',
    conflict: 'the caller already rated this delivery: `RATING.DUPLICATE`',
  })
  rate(
    @Body() body: RatingRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RatingView> {
    return this.submit.execute(body, principal);
  }
}
